#!/usr/bin/env node
// Benchmark: for each engine fixture (plugins/<id>/test/fixtures/<case>/ whose fixture.json has an
// `engine` block), dockstack's Dockerfile, a naive single-stage one (bench/naive.mjs) and, for node
// fixtures, fly.io's generator (bench/fly.mjs), built and run one after the other on the same
// engine and the same stand-in base images, in one run. Also times each generator's CLI.
//
//   node bench/run.mjs                 # every engine fixture: writes docs/bench/{results.json,
//                                      # results.md,chart.svg} and README.md's bench section
//   node bench/run.mjs node/ go/http   # only matching fixtures: writes bench/results/ only
//   options: --runs N (generator timing runs, default 5; 0 skips), --no-fly, --out DIR,
//            --only dockstack,fly,naive (which generators to build; a full run needs all three)
//   env: BENCH_KEEP_CACHE_MOUNTS=1, BENCH_KEEP_IMAGES=1, BENCH_FLY_VERSION, BENCH_CACHE_DIR
//
// Needs `pnpm -s build` (or `npx tsc -b packages/core packages/testing packages/cli`) and an engine.
// `node bench/chart.mjs` redraws the chart and tables from docs/bench/results.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GENERATOR_VERSION, loadStack } from '@dockstack/core';
import { assertEngine, docker, globalArgs } from '@dockstack/engine';
import { loadFixtures, renderFixture } from '@dockstack/testing';
import { DOCS_DIR, REPO, renderAll } from './chart.mjs';
import { ensureFly, FLY_PACKAGE, freshCopy, listenPort, retarget, runFly } from './fly.mjs';
import { dockstackArgs, flyArgs, timeGenerator } from './gentime.mjs';
import { describeMachine, load1 } from './machine.mjs';
import { measure } from './measure.mjs';
import { naiveDockerfile } from './naive.mjs';
import { tableMarkdown } from './report.mjs';

// The engine tier's helpers (TypeScript under test/support), loaded through tsx: the same stand-in,
// mirror and environment handling as the engine tier gives each fixture.
const { tsImport } = await import('tsx/esm/api');
const { startMirror, removeMirrorBases } = await tsImport('../test/support/mirrors.ts', import.meta.url);
const { fixtureEnv, serveDocument } = await tsImport('../test/support/fixture-run.ts', import.meta.url);

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const value = (name, dflt) => {
  const i = argv.indexOf(name);
  return i === -1 ? dflt : argv[i + 1];
};
const genRuns = Number(value('--runs', '5'));
const only = value('--only', 'dockstack,fly,naive').split(',');
const outArg = value('--out', undefined);
const filters = argv.filter((a, i) => !a.startsWith('--') && !['--runs', '--out', '--only'].includes(argv[i - 1]));
const full = filters.length === 0 && only.length === 3;
const outDir = outArg ? path.resolve(outArg) : full ? DOCS_DIR : path.join(REPO, 'bench', 'results');
const log = (msg) => console.error(`bench: ${msg}`);

const startedAt = new Date();
const loadAtStart = load1();
const engine = await assertEngine();
const machine = await describeMachine();
log(`engine ${engine.version}; ${machine.summary}`);
const fly = flag('--no-fly') || !only.includes('fly') ? null : ensureFly();
if (fly) log(`${FLY_PACKAGE}@${fly.version} at ${fly.bin}`);

// --- cases and their Dockerfiles ---------------------------------------------------------------
const cases = [];
for (const id of readdirSync(path.join(REPO, 'plugins')).sort()) {
  // A workspace member built from the workspace root (fixture.json `service`) has no naive single-folder baseline here yet.
  const fixtures = loadFixtures(path.join(REPO, 'plugins', id)).filter((f) => f.spec.engine && f.spec.service === undefined);
  const picked = fixtures.filter((f) => full || filters.some((x) => `${id}/${f.name}`.includes(x)));
  if (picked.length === 0) continue;
  const stack = await loadStack(path.join(REPO, 'plugins', id));
  for (const fixture of picked) {
    const { generation } = await renderFixture(stack, fixture, { syntax: false });
    const df = generation.files.find((f) => f.path === 'Dockerfile').content;
    const ignore = generation.files.find((f) => f.path === '.dockerignore')?.content;
    const naive = naiveDockerfile(id, { options: generation.options.values, dockerfile: df });
    cases.push({ id, fixture, stackVersion: stack.version, dockstack: { dockerfile: df, dockerignore: ignore }, naive });
  }
}
if (cases.length === 0) {
  log(`no engine fixture matches ${filters.join(' ')}`);
  process.exit(1);
}
log(`${cases.length} fixtures: ${cases.map((c) => `${c.id}/${c.fixture.name}`).join(', ')}`);

// --- stand-ins: only those these files use ------------------------------------------------------
const mapFile = path.join(REPO, 'scripts/standins/map.json');
const official = new Set();
for (const c of cases) {
  for (const [name, v] of Object.entries(globalArgs(c.dockstack.dockerfile))) if (/_IMAGE$/.test(name)) official.add(v);
  for (const m of (c.naive ?? '').matchAll(/^FROM\s+(\S+)|--from=(\S+)/gm)) official.add(m[1] ?? m[2]);
}
for (const c of cases) {
  // A fixture that sets the `registry` option names `<registry>/<official>`: its stand-in is the official one's.
  const prefix = typeof c.fixture.spec.set?.registry === 'string' ? `${c.fixture.spec.set.registry.replace(/\/+$/, '')}/` : undefined;
  for (const name of prefix ? [...official] : []) {
    if (!name.startsWith(prefix)) continue;
    official.delete(name);
    official.add(name.slice(prefix.length));
  }
}
log(`stand-ins: ${[...official].join(', ')}`);
execFileSync('bash', [path.join(REPO, 'scripts/standins/build-standins.sh'), ...official], { stdio: ['ignore', 2, 2] });
const standins = JSON.parse(readFileSync(mapFile, 'utf8'));
// The bases' own sizes: the stand-ins are not the official images (see docs/bench/results.md).
const baseImages = {};
for (const name of [...official].sort()) {
  const target = standins[name];
  if (target === undefined) continue;
  const r = await docker(['image', 'inspect', '--format', '{{.Size}}', target]);
  baseImages[name] = { standin: target, sizeMB: r.code === 0 ? Number(r.stdout.trim()) / 1e6 : null };
}

// --- package mirrors the fixtures build against (engine.mirror), served for the whole run ---------
const mirrors = new Map();
for (const kind of new Set(cases.map((c) => c.fixture.spec.engine.mirror).filter(Boolean))) {
  const mirror = await startMirror(kind);
  mirrors.set(kind, mirror);
  log(`${kind} mirror at ${mirror.url}`);
}
process.on('exit', () => {
  for (const m of mirrors.values()) m.stop();
  removeMirrorBases();
});

// --- generator wall time (before any build, so builds do not load the machine meanwhile) --------
const gens = new Map();
for (const c of cases) {
  const key = `${c.id}/${c.fixture.name}`;
  log(`${key}: timing generators (${genRuns} runs each)`);
  const g = { dockstack: timeGenerator(c.fixture.dir, dockstackArgs(REPO, c.id, c.fixture.spec.set), genRuns) };
  if (fly && c.id === 'node') g.fly = timeGenerator(c.fixture.dir, flyArgs(fly), genRuns);
  gens.set(key, g);
}

// --- builds ------------------------------------------------------------------------------------
const rows = [];
const partialFile = path.join(REPO, 'bench', 'results', 'partial.json');
for (const c of cases) {
  const key = `${c.id}/${c.fixture.name}`;
  const label = `${c.id}-${c.fixture.name}`;
  const engineSpec = c.fixture.spec.engine;
  const results = {};
  // What each generator's image gets around it, as in the engine tier: the mirror, build args, environment.
  const served = engineSpec.serve === undefined ? undefined : await serveDocument(engineSpec.serve);
  const around = {
    spec: c.fixture.spec,
    mirror: engineSpec.mirror === undefined ? undefined : mirrors.get(engineSpec.mirror),
    env: engineSpec.env === undefined ? undefined : fixtureEnv(engineSpec.env, served?.url),
  };
  if (only.includes('dockstack')) log(`${key} (dockstack)`);
  if (only.includes('dockstack')) results.dockstack = await measure({ generator: 'dockstack', label, sourceDir: c.fixture.dir, dockerfile: c.dockstack.dockerfile, dockerignore: c.dockstack.dockerignore, standins, engine: engineSpec, ...around });
  if (fly && c.id === 'node') {
    log(`${key} (fly)`);
    const dir = freshCopy(c.fixture.dir);
    try {
      const out = runFly(fly, dir);
      const { dockerfile, notes } = retarget(out.dockerfile, c.dockstack.dockerfile, standins);
      const port = listenPort(dockerfile, engineSpec.port);
      if (port !== engineSpec.port) notes.push(`checked on port ${port} (its EXPOSE; its server ignores PORT), not the fixture's ${engineSpec.port ?? 'PORT'}`);
      notes.push(`generated files: ${out.created.join(', ')}`);
      let ignore;
      try {
        ignore = readFileSync(path.join(dir, '.dockerignore'), 'utf8');
      } catch {
        ignore = undefined;
      }
      results.fly = await measure({ generator: 'fly', label, sourceDir: dir, dockerfile, dockerignore: ignore, standins, engine: engineSpec, port, notes, ...around });
      results.fly.dockerfile = dockerfile;
    } catch (error) {
      results.fly = { generator: 'fly', error: error.message, built: false, failures: [error.message], notes: [] };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (c.naive !== undefined && only.includes('naive')) {
    log(`${key} (naive)`);
    const port = listenPort(c.naive, engineSpec.port);
    const notes = port === engineSpec.port ? [] : [`checked on port ${port} (its EXPOSE; its server ignores PORT), not the fixture's ${engineSpec.port ?? 'PORT'}`];
    results.naive = await measure({ generator: 'naive', label, sourceDir: c.fixture.dir, dockerfile: c.naive, dockerignore: undefined, standins, engine: engineSpec, port, notes, ...around });
    results.naive.dockerfile = c.naive;
  }
  served?.close();
  rows.push({ stack: c.id, fixture: c.fixture.name, key, results, gen: gens.get(key) });
  for (const [g, r] of Object.entries(results)) log(`  ${g}: ${r.built === false ? 'build FAILED' : `${r.sizeMB?.toFixed(1)} MB, cold ${r.coldBuildS?.toFixed(1)} s, rebuild ${r.rebuildS?.toFixed(1)} s, stop ${r.stopS?.toFixed(2) ?? '-'} s, mem ${r.memMiB?.toFixed(1) ?? '-'} MiB, answered ${r.answered}`}`);
  mkdirSync(path.dirname(partialFile), { recursive: true });
  writeFileSync(partialFile, `${JSON.stringify({ rows }, null, 2)}\n`);
}

const finishedAt = new Date();
const doc = {
  date: startedAt.toISOString().slice(0, 10),
  startedAt: startedAt.toISOString(),
  finishedAt: finishedAt.toISOString(),
  durationMin: Math.round((finishedAt - startedAt) / 60000),
  machine,
  load: { start: loadAtStart, end: load1() },
  generators: {
    dockstack: { version: GENERATOR_VERSION, cli: 'node packages/cli/bin/run.js add <stack> --stdout --yes' },
    ...(fly ? { fly: { package: FLY_PACKAGE, version: fly.version, command: 'dockerfile --force', nodeVersion: process.version.slice(1) } } : {}),
    naive: { source: 'bench/naive.mjs' },
  },
  baseImages,
  settings: { genRuns, cacheMountsEmptied: process.env.BENCH_KEEP_CACHE_MOUNTS !== '1', memorySettleS: 3, memorySamples: 3, filters },
  rows,
};
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify(doc, null, 2)}\n`);
const written = renderAll(doc, outDir, { readme: full && !outArg });
rmSync(partialFile, { force: true });
console.log(tableMarkdown(doc));
log(`wrote ${[path.join(outDir, 'results.json'), ...written].map((f) => path.relative(REPO, f)).join(', ')}`);
