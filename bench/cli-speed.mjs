#!/usr/bin/env node
// CLI start-up and run time on real apps, in one run: the median wall time (and median peak
// memory, max RSS from /usr/bin/time) of `dockstack init --yes` (detection included, files
// written into a fresh copy of the app), `dockstack detect`, `dockstack check`,
// `dockstack --version`, fly.io's generator (`dockerfile --force` in a fresh copy, as bench/fly.mjs
// runs it) and `node -e 0`, interleaved run by run so load on the machine hits them alike.
//
//   node bench/cli-speed.mjs [--runs 15] [--apps express-server,typescript-api,vite-spa]
//                            [--baseline <other checkout>/packages/cli/bin/run.js] [--out docs/bench]
//
// Writes <out>/cli-speed.json and <out>/cli-speed.md, and (with the default --out) README.md's
// section between <!-- cli-speed:start --> and <!-- cli-speed:end -->.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureFly, FLY_PACKAGE, freshCopy } from './fly.mjs';
import { median } from './gentime.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const value = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const RUNS = Number(value('--runs', '15'));
const APPS = value('--apps', 'express-server,typescript-api,vite-spa').split(',');
const OUT = path.resolve(REPO, value('--out', 'docs/bench'));
const BASELINE = value('--baseline', undefined);
const BIN = path.join(REPO, 'packages', 'cli', 'bin', 'run.js');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const TARGETS = { init: 0.8, version: 3, detectS: 0.5 };

const tmp = (p) => mkdtempSync(path.join(os.tmpdir(), p));
const isolated = { FORCE_COLOR: '0', DOCKSTACK_CACHE_DIR: tmp('cs-cache-'), DOCKSTACK_DATA_DIR: tmp('cs-data-'), DOCKSTACK_CONFIG_DIR: tmp('cs-config-') };
const env = { ...process.env, ...isolated };
delete env.CI; // CI makes init frozen (lock required); stdin is not a terminal, so nothing prompts

/** One timed process: wall seconds (spawn to exit), CPU seconds (user + sys) and max RSS in MiB. */
function timeOnce(argv, cwd) {
  const rssFile = path.join(os.tmpdir(), `cs-rss-${process.pid}`);
  const cmd = TIME ? [TIME, ['-f', '%M %U %S', '-o', rssFile, process.execPath, ...argv]] : [process.execPath, argv];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd[0], cmd[1], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000, maxBuffer: 16 * 2 ** 20 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} in ${cwd}: exit ${r.status}: ${(r.stderr?.toString() ?? '').trim().slice(-400)}`);
  const [rssKiB, user, sys] = TIME ? (readFileSync(rssFile, 'utf8').trim().split('\n').at(-1) ?? '').split(' ').map(Number) : [];
  return { seconds, rssMiB: rssKiB === undefined ? null : rssKiB / 1024, cpuS: user === undefined ? null : user + sys };
}

const fly = ensureFly();
const nodeFixtures = path.join(REPO, 'plugins', 'node', 'test', 'fixtures');

/** name -> (app fixture dir) -> { argv, cwd, cleanup } for one run. */
function commands(bin, suffix = '') {
  return {
    [`init${suffix}`]: (app) => {
      const dir = freshCopy(app, 'cs-init-');
      return { argv: [bin, 'init', '--yes', '--cwd', dir], cwd: dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    },
    [`detect${suffix}`]: (app, prepared) => ({ argv: [bin, 'detect', '--cwd', prepared.plain], cwd: prepared.plain }),
    [`check${suffix}`]: (app, prepared) => ({ argv: [bin, 'check', '--cwd', prepared[`inited${suffix}`]], cwd: prepared[`inited${suffix}`] }),
    [`version${suffix}`]: (app, prepared) => ({ argv: [bin, '--version'], cwd: prepared.plain }),
  };
}
const COMMANDS = {
  ...commands(BIN),
  ...(BASELINE ? commands(BASELINE, ' (baseline)') : {}),
  fly: (app) => {
    const dir = freshCopy(app, 'cs-fly-');
    return { argv: [fly.bin, '--force'], cwd: dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  },
  'node -e 0': (app, prepared) => ({ argv: ['-e', '0'], cwd: prepared.plain }),
};

const loadBefore = os.loadavg();
const results = {};
for (const name of APPS) {
  const app = path.join(nodeFixtures, name);
  const prepared = { plain: freshCopy(app, 'cs-plain-') };
  for (const [suffix, bin] of [['', BIN], ...(BASELINE ? [[' (baseline)', BASELINE]] : [])]) {
    prepared[`inited${suffix}`] = freshCopy(app, 'cs-inited-');
    timeOnce([bin, 'init', '--yes', '--cwd', prepared[`inited${suffix}`]], prepared[`inited${suffix}`]);
  }
  const samples = Object.fromEntries(Object.keys(COMMANDS).map((k) => [k, { seconds: [], rssMiB: [], cpuS: [] }]));
  // One warm-up round (disk cache), not counted; then RUNS rounds, every command once per round.
  for (let round = -1; round < RUNS; round++) {
    for (const [key, make] of Object.entries(COMMANDS)) {
      const c = make(app, prepared);
      try {
        const t = timeOnce(c.argv, c.cwd);
        if (round >= 0) {
          samples[key].seconds.push(t.seconds);
          if (t.rssMiB !== null) samples[key].rssMiB.push(t.rssMiB);
          if (t.cpuS !== null) samples[key].cpuS.push(t.cpuS);
        }
      } finally {
        c.cleanup?.();
      }
    }
    process.stderr.write(`cli-speed: ${name} round ${round + 1}/${RUNS}\n`);
  }
  results[name] = Object.fromEntries(
    Object.entries(samples).map(([k, s]) => [k, { medianS: Number(median(s.seconds).toFixed(3)), medianRssMiB: s.rssMiB.length ? Number(median(s.rssMiB).toFixed(1)) : null, medianCpuS: s.cpuS.length ? Number(median(s.cpuS).toFixed(3)) : null, runs: s.seconds.map((x) => Number(x.toFixed(3))) }]),
  );
  for (const dir of Object.values(prepared)) rmSync(dir, { recursive: true, force: true });
}
for (const dir of Object.values(isolated).filter((v) => v.startsWith(os.tmpdir()))) rmSync(dir, { recursive: true, force: true });

const cpus = os.cpus();
const doc = {
  date: new Date().toISOString().slice(0, 10),
  runs: RUNS,
  node: process.version,
  fly: { package: FLY_PACKAGE, version: fly.version },
  baseline: BASELINE ? path.relative(REPO, BASELINE) || BASELINE : null,
  machine: { cores: cpus.length, cpu: (cpus[0]?.model ?? 'unknown').replace(/\s+/g, ' ').trim(), load1Before: loadBefore[0], load1After: os.loadavg()[0] },
  targets: TARGETS,
  apps: results,
};

const fmt = (x) => (x == null ? '-' : x.toFixed(3));
const ratio = (a, b) => (a == null || b == null ? '-' : `${(a / b).toFixed(2)}x`);
function markdown(d) {
  const keys = ['init', 'detect', 'check', 'version', 'fly', 'node -e 0'];
  const base = d.baseline ? ['init (baseline)', 'detect (baseline)', 'check (baseline)', 'version (baseline)'] : [];
  const label = { init: '`dockstack init --yes`', detect: '`dockstack detect`', check: '`dockstack check`', version: '`dockstack --version`', fly: `fly.io's generator (\`${d.fly.package}@${d.fly.version} --force\`)`, 'node -e 0': '`node -e 0`' };
  const lines = [
    `Median of ${d.runs} runs per command and app, interleaved (one warm-up round not counted), on ${d.date}, ${d.machine.cores} cores (${d.machine.cpu}), Node ${d.node}. **The machine was shared** with other engineers' builds and tests while this ran (1-minute load average ${d.machine.load1Before.toFixed(1)} before, ${d.machine.load1After.toFixed(1)} after, on ${d.machine.cores} cores): absolute wall times are inflated, and ratios between commands of the same run, or CPU time (user + sys, which waiting for a core does not add to), are the fairer reading. CPU time and peak memory (max RSS) come from \`/usr/bin/time\`.`,
    '',
    '| app | command | median wall s | vs fly.io | vs `node -e 0` | median CPU s | CPU vs fly.io | peak MiB |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [app, r] of Object.entries(d.apps)) {
    for (const k of [...keys, ...base]) {
      const row = r[k];
      if (!row) continue;
      lines.push(`| ${app} | ${label[k] ?? `${label[k.replace(' (baseline)', '')]} (baseline: ${d.baseline})`} | ${fmt(row.medianS)} | ${ratio(row.medianS, r.fly?.medianS)} | ${ratio(row.medianS, r['node -e 0']?.medianS)} | ${fmt(row.medianCpuS)} | ${ratio(row.medianCpuS, r.fly?.medianCpuS)} | ${row.medianRssMiB ?? '-'} |`);
    }
  }
  const verdict = Object.entries(d.apps).map(([app, r]) => {
    const initOk = r.init.medianS <= d.targets.init * r.fly.medianS;
    const initCpuOk = r.init.medianCpuS != null && r.fly.medianCpuS != null ? r.init.medianCpuS <= d.targets.init * r.fly.medianCpuS : undefined;
    const versionOk = r.version.medianS <= d.targets.version * r['node -e 0'].medianS;
    const detectOk = r.detect.medianS <= d.targets.detectS;
    return `- ${app}: init ${ratio(r.init.medianS, r.fly.medianS)} of fly.io's wall time, ${ratio(r.init.medianCpuS, r.fly.medianCpuS)} of its CPU time (target <= ${d.targets.init}x: ${initOk ? 'met' : 'not met'} on wall time${initCpuOk === undefined ? '' : `, ${initCpuOk ? 'met' : 'not met'} on CPU time`}); --version ${ratio(r.version.medianS, r['node -e 0'].medianS)} of \`node -e 0\` (target <= ${d.targets.version}x: ${versionOk ? 'met' : 'not met'}); detect ${fmt(r.detect.medianS)} s (target <= ${d.targets.detectS} s: ${detectOk ? 'met' : 'not met'}).`;
  });
  return [...lines, '', 'Targets, in this run:', '', ...verdict, '', 'How the CLI starts: `pnpm -s build` bundles the commands, core, oclif and the bundled stacks\' detectors into one file (`packages/cli/dist/cli.cjs`, esbuild) and makes V8\'s code cache for it after a representative run; `bin/run.js` loads it with that cache, and answers `--version` without loading it (see docs/architecture.md).', '', 'Reproduce: `pnpm -s build && node bench/cli-speed.mjs` (options `--runs`, `--apps`, `--baseline <path to another checkout\'s packages/cli/bin/run.js>`).', ''].join('\n');
}

const md = markdown(doc);
writeFileSync(path.join(OUT, 'cli-speed.json'), `${JSON.stringify(doc, null, 2)}\n`);
writeFileSync(path.join(OUT, 'cli-speed.md'), `# CLI speed: dockstack vs fly.io's generator vs \`node -e 0\`\n\n${md}`);
if (OUT === path.join(REPO, 'docs', 'bench')) {
  const readme = path.join(REPO, 'README.md');
  const text = readFileSync(readme, 'utf8');
  const start = '<!-- cli-speed:start -->';
  const end = '<!-- cli-speed:end -->';
  if (text.includes(start) && text.includes(end)) {
    const section = `${start}\n${md}\n${end}`;
    writeFileSync(readme, text.slice(0, text.indexOf(start)) + section + text.slice(text.indexOf(end) + end.length));
  }
}
process.stdout.write(md);
