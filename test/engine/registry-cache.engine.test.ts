// A build cache that survives a fresh builder (issue #17): what a fleet of CI runners sharing one
// registry cache sees. Per fixture, on a second, throw-away engine with the containerd image store
// (scripts/engine/ensure-cache-engine.sh: the default docker driver exports cache to a registry
// only with that store): prune everything, build cold with `--cache-to type=registry,mode=max` into a
// local registry (Debian's docker-registry, scripts/registry/ensure-registry.sh, loopback port),
// prune the builder and every image again, edit a source file, rebuild with `--cache-from` only. The
// rebuild must take the dependency step from the registry, hold the edit, and still run and answer.
// Base images come from the same registry (the stand-ins pushed there), so the pruned engine pulls
// them like a fresh runner would.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadStack } from '@dockstack/core';
import {
  dependencyStepFor,
  docker,
  dockerBinary,
  globalArgs,
  substituteBaseImages,
  verifyImage,
  type VerifyReport,
} from '@dockstack/engine';
import { loadFixtures, renderFixture } from '@dockstack/testing';
import { REPO, ensureEngine, ensureStandins, hasDependencies } from '../support/engine.js';

const PORT = '5057';
const REGISTRY = `localhost:${PORT}`;
/** The Go toolchain stand-in that builds the uid probe for job images (see fixtures.engine.test.ts). */
const PROBE_BUILDER = 'golang:1.24-bookworm';
const PLUGINS = path.join(REPO, 'plugins');
const list = JSON.parse(readFileSync(path.join(REPO, 'test', 'engine', 'registry-cache.json'), 'utf8')) as {
  sample: string[];
  full: string[];
};
const full = process.env['DOCKSTACK_ENGINE_TIER'] === 'full';
const only = process.env['DOCKSTACK_ENGINE_ONLY']?.split(',').filter(Boolean);
// Naming fixtures in DOCKSTACK_ENGINE_ONLY picks them from both lists (as the fixtures test does).
const names = only?.length
  ? [...list.sample, ...list.full].filter((n) => only.some((o) => n.includes(o)))
  : [...list.sample, ...(full ? list.full : [])];
const cases = names.map((name) => {
  const [id, fixtureName] = name.split('/') as [string, string];
  const fixture = loadFixtures(path.join(PLUGINS, id)).find((f) => f.name === fixtureName);
  if (!fixture?.spec.engine) throw new Error(`test/engine/registry-cache.json: ${name} is not an engine fixture`);
  return { name, id, fixture, spec: fixture.spec.engine };
});

/** The stand-in for an official image name, as the pruned engine pulls it: from the local registry. */
const pushedName = (official: string): string => `${REGISTRY}/standins/${official}`;
const cli = (args: string[], env: NodeJS.ProcessEnv = process.env): string =>
  execFileSync(dockerBinary(), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env }).trim();

describe('engine tier: the build cache survives a pruned builder through a registry (--cache-to/--cache-from type=registry)', function () {
  let cacheHost = '';
  let engineVersion = '';
  const savedHost = process.env['DOCKER_HOST'];
  const results: Array<{ name: string; report: VerifyReport; deps: boolean }> = [];

  /** Runs the body against the cache engine (docker() reads DOCKER_HOST from the environment). */
  async function onCacheEngine<T>(body: () => Promise<T>): Promise<T> {
    process.env['DOCKER_HOST'] = cacheHost;
    try {
      return await body();
    } finally {
      if (savedHost === undefined) delete process.env['DOCKER_HOST'];
      else process.env['DOCKER_HOST'] = savedHost;
    }
  }

  /** A fresh runner: no build cache, no images (docker() is pointed at the cache engine by the caller). */
  async function prune(): Promise<void> {
    for (const args of [
      ['buildx', 'prune', '--all', '--force'],
      ['system', 'prune', '--all', '--force'],
    ]) {
      const r = await docker(args, { timeoutMs: 5 * 60_000 });
      if (r.code !== 0) throw new Error(`docker ${args.join(' ')} failed on the cache engine: ${r.stderr.trim()}`);
    }
    const images = await docker(['images', '--quiet']);
    const du = await docker(['buildx', 'du']);
    if (images.stdout.trim() !== '' || !/^Total:\s+0B?\s*$/m.test(du.stdout))
      throw new Error(`the cache engine still holds images or build cache after pruning:\n${images.stdout}\n${du.stdout}`);
  }

  before(async function () {
    this.timeout(30 * 60_000);
    const engine = await ensureEngine();
    if (!engine.ok) {
      console.log(`  ${engine.reason}`);
      this.skip();
    }
    const env = { ...process.env };
    delete env['DOCKER_HOST'];
    engineVersion = engine.version;
    cacheHost = execFileSync('bash', [path.join(REPO, 'scripts', 'engine', 'ensure-cache-engine.sh')], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop() as string;
    assert.match(cacheHost, /^unix:\/\//);
    const url = execFileSync('bash', [path.join(REPO, 'scripts', 'registry', 'ensure-registry.sh'), PORT], { encoding: 'utf8' }).trim();
    assert.equal(url, `http://${REGISTRY}`);
    // The base images every listed fixture names, built on the main engine and pushed to the registry.
    const needed = new Set<string>();
    for (const c of cases) {
      if ('run' in c.spec.check) needed.add(PROBE_BUILDER);
      const { generation } = await renderFixture(await loadStack(path.join(PLUGINS, c.id)), c.fixture, { syntax: false });
      for (const [name, value] of Object.entries(globalArgs(generation.files.find((f) => f.path === 'Dockerfile')!.content)))
        if (/_IMAGE$/.test(name)) needed.add(value);
    }
    const standins = ensureStandins([...needed].sort());
    for (const official of [...needed].sort()) {
      const standin = standins[official];
      assert.ok(standin, `scripts/standins/map.json has no stand-in for ${official}`);
      cli(['tag', standin, pushedName(official)], env);
      cli(['push', '--quiet', pushedName(official)], env);
      cli(['image', 'rm', pushedName(official)], env);
    }
    console.log(`  cache engine ${cacheHost}, registry ${url}; stand-ins pushed: ${[...needed].sort().join(', ')}`);
  });

  after(function () {
    if (results.length > 0) {
      const lines = [
        '| fixture | cold build s | rebuild from registry s | dependency step after prune | steps cached / run | edit proven by | size MB |',
        '| --- | ---: | ---: | --- | ---: | --- | ---: |',
        ...results.map(({ name, report: r, deps }) => {
          const steps = r.rebuild
            ? `${r.rebuild.installSteps.length === 0 ? (deps ? 'NONE' : 'no deps') : r.rebuild.installCached ? 'cached' : 'RAN'}`
            : '-';
          const runSteps = r.rebuild ? `${r.rebuild.reused.length} / ${r.rebuild.rebuilt.length}` : '-';
          return `| ${name} | ${r.build.seconds.toFixed(1)} | ${r.rebuild?.seconds.toFixed(1) ?? '-'} | ${steps} | ${runSteps} | ${r.rebuild?.edit.how ?? '-'}${r.rebuild?.edit.proven ? '' : ' (NOT proven)'} | ${((r.size?.bytes ?? 0) / 1e6).toFixed(1)} |`;
        }),
      ];
      console.log(`\n  ${lines.join('\n  ')}`);
      const out = process.env['DOCKSTACK_REGISTRY_CACHE_REPORT'];
      if (out)
        writeFileSync(
          out,
          [
            '# Registry build cache after a pruned builder',
            '',
            `Written by \`test/engine/registry-cache.engine.test.ts\` (${full ? 'full tier' : 'CI sample'}) on ${new Date().toISOString().slice(0, 10)}, Docker engine ${engineVersion}, this repo's 2-core machine: per fixture, a cold build on an empty builder (the cache engine pruned) exports \`--cache-to type=registry,mode=max\` to a local registry; the builder and every image are pruned again; a source file is edited; the rebuild imports \`--cache-from type=registry\` only. "steps cached / run": RUN and COPY steps of the rebuild taken from the registry cache / run again. Times are wall times of \`docker buildx build\`, including pulling the base images from the local registry. Regenerate: \`DOCKSTACK_ENGINE_TIER=full DOCKSTACK_REGISTRY_CACHE_REPORT=docs/bench/registry-cache.md npx mocha --no-config -n import=tsx --timeout 1800000 test/engine/registry-cache.engine.test.ts\`.`,
            '',
            ...lines,
            '',
          ].join('\n'),
        );
    }
    if (cacheHost !== '')
      execFileSync('bash', [path.join(REPO, 'scripts', 'engine', 'ensure-cache-engine.sh'), '--stop'], { stdio: 'ignore' });
  });

  for (const c of cases) {
    describe(c.name, function () {
      let report: VerifyReport;
      let coldDependencySteps: Array<{ name: string; cached: boolean }> = [];
      let work = '';
      const deps = hasDependencies(c.fixture.dir);
      const dependencyStep = dependencyStepFor(c.id);

      before(async function () {
        this.timeout(30 * 60_000);
        const stack = await loadStack(path.join(PLUGINS, c.id));
        const { generation } = await renderFixture(stack, c.fixture, { syntax: false });
        const dockerfile = generation.files.find((f) => f.path === 'Dockerfile')!.content;
        work = mkdtempSync(path.join(tmpdir(), `dockstack-regcache-${c.id}-${c.fixture.name}-`));
        const context = path.join(work, 'context');
        cpSync(c.fixture.dir, context, { recursive: true });
        writeFileSync(path.join(context, '.dockerignore'), generation.files.find((f) => f.path === '.dockerignore')!.content);
        writeFileSync(path.join(work, 'Dockerfile'), dockerfile);
        const official = Object.fromEntries(
          Object.entries(globalArgs(dockerfile))
            .filter(([name]) => /_IMAGE$/.test(name))
            .map(([, value]) => [value, pushedName(value)]),
        );
        const { buildArgs, unmapped } = substituteBaseImages(dockerfile, official);
        assert.deepEqual(unmapped, []);
        for (const [name, value] of Object.entries(c.spec.buildArgs ?? {})) buildArgs[name] = value;
        report = await onCacheEngine(async () => {
          await prune();
          return verifyImage({
            context,
            dockerfile: path.join(work, 'Dockerfile'),
            tag: `dockstack-test/regcache-${c.id}-${c.fixture.name}:latest`,
            buildArgs,
            check: c.spec.check,
            ...(c.spec.port === undefined ? {} : { port: c.spec.port }),
            edit: c.spec.edit ?? assert.fail(`${c.name}: the fixture names no file to edit`),
            ...(c.spec.env === undefined ? {} : { env: c.spec.env }),
            dependencyStep,
            hasDependencies: deps,
            probeBuilder: pushedName(PROBE_BUILDER),
            registryCache: { ref: `${REGISTRY}/cache/${c.id}-${c.fixture.name}:buildcache`, reset: prune },
          });
        });
        coldDependencySteps = report.build.steps.filter((s) => dependencyStep.step.test(s.name));
        results.push({ name: c.name, report, deps });
      });

      after(function () {
        if (work !== '') rmSync(work, { recursive: true, force: true });
      });

      it('builds cold on an empty builder and exports its cache (dependency step run, not cached)', function () {
        assert.ok(report.build.ok, report.build.error);
        if (deps) assert.ok(coldDependencySteps.length > 0, `no build step matches the dependency step ${dependencyStep.step}`);
        assert.deepEqual(
          coldDependencySteps.filter((s) => s.cached).map((s) => s.name),
          [],
          'the builder was pruned before the cold build: nothing may come from a cache',
        );
      });
      it('answers its check on the cache engine', function () {
        assert.ok(report.run?.check.ok, report.run?.check.detail ?? report.failures.join('\n'));
      });
      it('after pruning the builder and its images, the rebuild holds the edit', function () {
        assert.ok(report.rebuild, `rebuilt: ${report.failures.join('\n')}`);
        assert.ok(report.rebuild.edit.proven, `${report.rebuild.edit.how}: ${report.rebuild.edit.detail}`);
      });
      it(
        deps
          ? 'and took the dependency step from the registry cache (CACHED), compiling no dependency again'
          : 'and, with no dependencies, ran no dependency step (its cache-independent steps, if any, came from the registry)',
        function () {
          assert.ok(report.rebuild, 'rebuilt');
          if (deps) {
            assert.ok(
              report.rebuild.reused.length > 0,
              `no RUN or COPY step of the rebuild came from the registry cache: ${report.rebuild.rebuilt.join('; ')}`,
            );
            assert.ok(report.rebuild.installSteps.length > 0, `no step matches the dependency step ${dependencyStep.step}`);
            assert.deepEqual(report.rebuild.recompiled, [], 'dependencies compiled again after the edit');
            assert.ok(report.rebuild.installCached, report.rebuild.installSteps.join('\n'));
          } else {
            // A go build with no modules is one RUN over the sources: nothing before it to reuse.
            assert.ok(report.rebuild.installSteps.length === 0 || report.rebuild.installCached, report.rebuild.installSteps.join('\n'));
          }
        },
      );
    });
  }
});
