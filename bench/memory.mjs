// Container memory after start. verifyImage does not measure memory, so the benchmark starts the
// built image once more (same network, port and PORT variable as verifyImage), waits until the
// app answers its check, lets it settle, and reads:
//   - `docker stats --no-stream` MEM USAGE (what `docker stats` shows a user: the cgroup's usage
//     minus inactive page cache), the number in the table;
//   - the container cgroup's own counters (cgroup v1 memory.usage_in_bytes / memory.stat rss, or
//     v2 memory.current / memory.stat anon), found through /proc/<pid>/cgroup of its PID 1.
// Run-to-completion jobs have no "after start": they get no memory number.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { docker } from '@dockstack/engine';

const UNITS = { B: 1, KB: 1e3, kB: 1e3, MB: 1e6, GB: 1e9, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30 };

/** "23.5MiB / 23.58GiB" -> bytes of the first figure. */
export function parseMemUsage(text) {
  const m = /^\s*([\d.]+)\s*([KMG]?i?B|kB)/.exec(text ?? '');
  if (!m) return null;
  return Math.round(Number(m[1]) * (UNITS[m[2]] ?? 1));
}

function readNumber(file) {
  try {
    return Number(readFileSync(file, 'utf8').trim());
  } catch {
    return null;
  }
}

function readStat(file) {
  try {
    return Object.fromEntries(
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split(' '))
        .map(([k, v]) => [k, Number(v)]),
    );
  } catch {
    return null;
  }
}

/** The container's memory cgroup counters, read from the host's cgroup file system. */
export function cgroupMemory(pid) {
  let lines;
  try {
    lines = readFileSync(`/proc/${pid}/cgroup`, 'utf8').trim().split('\n');
  } catch {
    return null;
  }
  const v1 = lines.map((l) => l.split(':')).find((p) => p[1]?.split(',').includes('memory'));
  if (v1) {
    const dir = `/sys/fs/cgroup/memory${v1[2]}`;
    const stat = readStat(`${dir}/memory.stat`);
    return { cgroup: 'v1', usageBytes: readNumber(`${dir}/memory.usage_in_bytes`), rssBytes: stat?.total_rss ?? stat?.rss ?? null };
  }
  const v2 = lines.find((l) => l.startsWith('0::'));
  if (v2) {
    const dir = `/sys/fs/cgroup${v2.slice(3)}`;
    const stat = readStat(`${dir}/memory.stat`);
    return { cgroup: 'v2', usageBytes: readNumber(`${dir}/memory.current`), rssBytes: stat?.anon ?? null };
  }
  return null;
}

/** The first HTTP answer on the check's path (any status): the server is up. */
async function firstAnswer(port, check, deadline) {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}${check.path}`, { signal: AbortSignal.timeout(3000), redirect: 'manual' });
      const body = await res.text();
      return { status: res.status, body: body.slice(0, 160) };
    } catch {
      await sleep(500);
    }
  }
  return null;
}

/**
 * @param {{ tag: string, port: number, http: { path: string }, settleMs?: number, samples?: number }} o
 * @returns {Promise<{ statsBytes: number | null, usageBytes: number | null, rssBytes: number | null, cgroup: string | null, samples: number[], answer?: { status: number, body: string } | null, note?: string }>}
 */
export async function measureMemory(o) {
  const settleMs = o.settleMs ?? 3000;
  const started = await docker(['run', '-d', '--network=host', '-e', `PORT=${o.port}`, o.tag]);
  const id = started.stdout.trim();
  if (started.code !== 0 || id === '') return { statsBytes: null, usageBytes: null, rssBytes: null, cgroup: null, samples: [], note: `did not start: ${started.stderr.trim().slice(0, 200)}` };
  try {
    const answer = await firstAnswer(o.port, o.http, Date.now() + 90_000);
    await sleep(settleMs);
    const samples = [];
    for (let i = 0; i < (o.samples ?? 3); i++) {
      const s = await docker(['stats', '--no-stream', '--format', '{{.MemUsage}}', id]);
      const bytes = parseMemUsage(s.stdout);
      if (bytes !== null) samples.push(bytes);
      if (i < (o.samples ?? 3) - 1) await sleep(1000);
    }
    samples.sort((a, b) => a - b);
    const pid = (await docker(['inspect', '-f', '{{.State.Pid}}', id])).stdout.trim();
    const cg = /^\d+$/.test(pid) && pid !== '0' ? cgroupMemory(pid) : null;
    return {
      statsBytes: samples.length ? samples[Math.floor(samples.length / 2)] : null,
      usageBytes: cg?.usageBytes ?? null,
      rssBytes: cg?.rssBytes ?? null,
      cgroup: cg?.cgroup ?? null,
      samples,
      answer,
      ...(answer ? {} : { note: 'no HTTP answer within 90 s; memory read anyway' }),
    };
  } finally {
    await docker(['rm', '-f', id]);
  }
}
