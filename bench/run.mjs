#!/usr/bin/env node
// Benchmark: for each engine fixture, dockstack's Dockerfile vs a naive single-stage one, built
// and run on the same engine and stand-in base images in one run. Prints a markdown table and
// writes bench/results/latest.{md,json}. Cold builds use --no-cache (base images stay local).
// Usage: node bench/run.mjs [filter...]   (needs `pnpm build`, an engine and the stand-ins)
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertEngine, loadStack, verifyImage } from '@dockstack/core';
import { loadFixtures, renderFixture } from '@dockstack/testing';
import { substituteBaseImages } from '@dockstack/core';
import { naiveDockerfile } from './naive.mjs';

const REPO = path.resolve(import.meta.dirname, '..');
const filters = process.argv.slice(2);
const engine = await assertEngine();
execFileSync('bash', [path.join(REPO, 'scripts/standins/build-standins.sh')], { stdio: 'inherit' });
const standins = JSON.parse(readFileSync(path.join(REPO, 'scripts/standins/map.json'), 'utf8'));

const cases = readdirSync(path.join(REPO, 'plugins'))
  .sort()
  .flatMap((id) => loadFixtures(path.join(REPO, 'plugins', id)).filter((f) => f.spec.engine).map((f) => ({ id, fixture: f })))
  .filter((c) => filters.length === 0 || filters.some((f) => `${c.id}/${c.fixture.name}`.includes(f)));

async function measure(label, id, fixture, dockerfile, ignore) {
  const work = mkdtempSync(path.join(os.tmpdir(), 'dockstack-bench-'));
  const context = path.join(work, 'context');
  cpSync(fixture.dir, context, { recursive: true });
  rmSync(path.join(context, 'Dockerfile'), { force: true });
  if (ignore === undefined) rmSync(path.join(context, '.dockerignore'), { force: true });
  else writeFileSync(path.join(context, '.dockerignore'), ignore);
  writeFileSync(path.join(work, 'Dockerfile'), dockerfile);
  const { buildArgs } = substituteBaseImages(dockerfile, standins);
  const from = /^FROM\s+(\S+)/m.exec(dockerfile)?.[1];
  // Naive files name their image directly: point it at the stand-in the same way.
  let file = dockerfile;
  if (from && standins[from]) file = dockerfile.replace(`FROM ${from}`, `FROM ${standins[from]}`);
  writeFileSync(path.join(work, 'Dockerfile'), file);
  const spec = fixture.spec.engine;
  const report = await verifyImage({
    context,
    dockerfile: path.join(work, 'Dockerfile'),
    tag: `dockstack-bench/${id}-${fixture.name}-${label}:latest`,
    buildArgs,
    check: spec.check,
    ...(spec.port === undefined ? {} : { port: spec.port }),
    ...(spec.edit === undefined ? {} : { edit: spec.edit }),
    noCache: true,
  });
  rmSync(work, { recursive: true, force: true });
  return {
    generator: label,
    sizeMB: report.size ? report.size.bytes / 1e6 : null,
    coldBuildS: report.build.seconds,
    rebuildS: report.rebuild?.seconds ?? null,
    stopS: report.stop?.seconds ?? null,
    user: report.config?.user || 'root',
    root: !(report.run?.nonRoot ?? false),
    healthcheck: report.config?.healthcheck ?? false,
    answered: report.run?.check.ok ?? false,
    failures: report.failures.length,
  };
}

const rows = [];
for (const { id, fixture } of cases) {
  const stack = await loadStack(path.join(REPO, 'plugins', id));
  const { generation } = await renderFixture(stack, fixture, { syntax: false });
  const df = generation.files.find((f) => f.path === 'Dockerfile').content;
  const ignore = generation.files.find((f) => f.path === '.dockerignore')?.content;
  console.error(`bench: ${id}/${fixture.name} (dockstack)`);
  const ours = await measure('dockstack', id, fixture, df, ignore);
  const naive = naiveDockerfile(id, { options: generation.options.values, dockerfile: df });
  let theirs;
  if (naive !== undefined) {
    console.error(`bench: ${id}/${fixture.name} (naive)`);
    theirs = await measure('naive', id, fixture, naive, undefined);
  }
  rows.push({ fixture: `${id}/${fixture.name}`, dockstack: ours, naive: theirs });
}

const f1 = (n) => (n === null || n === undefined ? '-' : n.toFixed(1));
const f2 = (n) => (n === null || n === undefined ? '-' : n.toFixed(2));
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}` : '-');
const date = new Date().toISOString().slice(0, 10);
const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'cpu'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Docker engine ${engine.version}`;
const lines = [
  `Run ${date} on ${machine}. Sizes are \`docker image inspect .Size\`; cold build is \`docker buildx build --no-cache\` with base images already local; rebuild is after appending a newline to one source file; stop is the wall time of \`docker stop\`. Ratios are dockstack / naive.`,
  '',
  '| fixture | generator | size MB | cold build s | rebuild s | stop s | runs as root | healthcheck | answered | size ratio | rebuild ratio |',
  '| --- | --- | ---: | ---: | ---: | ---: | --- | --- | --- | ---: | ---: |',
];
for (const r of rows) {
  for (const g of [r.dockstack, r.naive].filter(Boolean)) {
    lines.push(`| ${r.fixture} | ${g.generator} | ${f1(g.sizeMB)} | ${f1(g.coldBuildS)} | ${f1(g.rebuildS)} | ${f2(g.stopS)} | ${g.root ? 'yes' : 'no'} | ${g.healthcheck ? 'yes' : 'no'} | ${g.answered ? 'yes' : 'no'} | ${g.generator === 'dockstack' && r.naive ? ratio(r.dockstack.sizeMB, r.naive.sizeMB) : ''} | ${g.generator === 'dockstack' && r.naive ? ratio(r.dockstack.rebuildS, r.naive.rebuildS) : ''} |`);
  }
}
const table = lines.join('\n');
console.log(table);
mkdirSync(path.join(REPO, 'bench', 'results'), { recursive: true });
writeFileSync(path.join(REPO, 'bench', 'results', 'latest.md'), `${table}\n`);
writeFileSync(path.join(REPO, 'bench', 'results', 'latest.json'), `${JSON.stringify({ date, machine, rows }, null, 2)}\n`);
