// The generators' own wall time: the whole CLI process, started the way a user starts it, timed
// from spawn to exit, median of several runs, each in a fresh temporary copy of the fixture (the
// copy is made before the clock starts). dockstack: `node packages/cli/bin/run.js add <stack>
// --stdout --yes --cwd <copy>` (prints the Dockerfile, writes nothing). fly.io's generator:
// `node <its bin> --force` in the copy (writes Dockerfile, .dockerignore and extras). Same Node.js
// binary for both.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { freshCopy } from './fly.mjs';

export function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

function timeOnce(fixtureDir, argsFor) {
  const dir = freshCopy(fixtureDir, 'dockstack-bench-gen-');
  try {
    const { args, cwd } = argsFor(dir);
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000, maxBuffer: 16 * 2 ** 20 });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== 0) throw new Error(`exit ${r.status}: ${(r.stderr?.toString() ?? '').trim().slice(-300)}`);
    return seconds;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** @returns {{ medianS: number | null, runs: number[], error?: string }} */
export function timeGenerator(fixtureDir, argsFor, runs) {
  const times = [];
  try {
    for (let i = 0; i < runs; i++) times.push(timeOnce(fixtureDir, argsFor));
  } catch (error) {
    return { medianS: median(times), runs: times, error: error.message };
  }
  return { medianS: median(times), runs: times.map((t) => Number(t.toFixed(3))) };
}

export function dockstackArgs(repo, stack, set) {
  // As a user types them: arrays comma-separated, everything else as text.
  const sets = Object.entries(set ?? {}).flatMap(([k, v]) => ['--set', `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`]);
  return (dir) => ({ args: [path.join(repo, 'packages/cli/bin/run.js'), 'add', stack, '--stdout', '--yes', '--cwd', dir, ...sets], cwd: dir });
}

export function flyArgs(fly) {
  return (dir) => ({ args: [fly.bin, '--force'], cwd: dir });
}
