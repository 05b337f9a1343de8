import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadStack } from '@dockstack/core';
import { dependencyStepFor, globalArgs, verifyImage, type VerifyReport } from '@dockstack/engine';
import { fixtureFile, ignoreFileOf, loadFixtures, renderFixture } from '@dockstack/testing';
import { REPO, ensureEngine, ensureStandins, hasDependencies, standinMap } from '../support/engine.js';
import { fixtureBuildArgs, fixtureEnv, registryOf, serveDocument } from '../support/fixture-run.js';
import { removeMirrorBases, startMirror, type Mirror, type MirrorKind } from '../support/mirrors.js';

/** The Go toolchain stand-in that builds the uid probe run in place of a job's entrypoint. */
const PROBE_BUILDER = 'golang:1.24-bookworm';

const PLUGINS = path.join(REPO, 'plugins');
const only = process.env['DOCKSTACK_ENGINE_ONLY']?.split(',').filter(Boolean);
// The default tier is a fixed sample (what `pnpm test` and CI run); DOCKSTACK_ENGINE_TIER=full adds
// the fixtures test/engine/full-tier.json names (slow framework builds), as does naming them in ONLY.
const fullOnly = (
  JSON.parse(readFileSync(path.join(REPO, 'test', 'engine', 'full-tier.json'), 'utf8')) as { fixtures: Record<string, string> }
).fixtures;
const fullTier = process.env['DOCKSTACK_ENGINE_TIER'] === 'full' || (only !== undefined && only.length > 0);
const cases = readdirSync(PLUGINS)
  .sort()
  .flatMap((id) =>
    loadFixtures(path.join(PLUGINS, id))
      .filter((f) => f.spec.engine)
      .map((f) => ({ id, fixture: f })),
  )
  .filter((c) => !only || only.length === 0 || only.some((o) => `${c.id}/${c.fixture.name}`.includes(o)))
  .filter((c) => fullTier || fullOnly[`${c.id}/${c.fixture.name}`] === undefined);
const results: Array<{ name: string; report: VerifyReport }> = [];

const mb = (bytes: number | undefined): string => (bytes === undefined ? '-' : (bytes / 1e6).toFixed(1));

describe('engine tier: every engine fixture built and run on a real Docker engine', function () {
  let standins: Record<string, string> = {};
  const mirrors = new Map<MirrorKind, Mirror>();

  before(async function () {
    this.timeout(30 * 60_000);
    const engine = await ensureEngine();
    if (!engine.ok) {
      console.log(`  ${engine.reason}`);
      this.skip();
    }
    const left = Object.keys(fullOnly).length;
    if (!fullTier)
      console.log(
        `  sample tier: ${cases.length} fixtures; ${left} more run with DOCKSTACK_ENGINE_TIER=full (pnpm test:engine:full), see test/engine/full-tier.json`,
      );
    // Only the stand-ins these fixtures use: the full images are for the benchmark.
    const map = standinMap();
    const needed = new Set<string>(cases.some((c) => c.fixture.spec.engine && 'run' in c.fixture.spec.engine.check) ? [PROBE_BUILDER] : []);
    for (const { id, fixture } of cases) {
      const stack = await loadStack(path.join(PLUGINS, id));
      const { generation } = await renderFixture(stack, fixture, { syntax: false });
      const prefix = registryOf(fixture.spec.set);
      for (const [name, value] of Object.entries(globalArgs(generation.files.find((f) => f.path === 'Dockerfile')!.content))) {
        const official = prefix && value.startsWith(`${prefix}/`) ? value.slice(prefix.length + 1) : value;
        if (/_IMAGE$/.test(name) && map[official] !== undefined) needed.add(official);
      }
    }
    console.log(`  Docker engine ${engine.ok ? engine.version : ''}; building or reusing stand-ins: ${[...needed].sort().join(', ')}`);
    standins = ensureStandins([...needed].sort());
    const described: Record<MirrorKind, string> = {
      pypi: "local PyPI mirror (wheels from Debian's python3-* packages)",
      rubygems: "local gem source (gems from Debian's ruby-* packages)",
      composer: "local Composer mirror (dist zips from Debian's php-* packages)",
    };
    for (const kind of new Set(cases.map((c) => c.fixture.spec.engine?.mirror).filter((k): k is MirrorKind => k !== undefined))) {
      const mirror = await startMirror(kind);
      mirrors.set(kind, mirror);
      console.log(`  ${described[kind]} at ${mirror.url}`);
    }
  });

  after(function () {
    for (const mirror of mirrors.values()) mirror.stop();
    mirrors.clear();
    removeMirrorBases();
    if (results.length === 0) return;
    console.log('\n  | fixture | build s | rebuild s | edit proven by | install cached | size MB | health | stop s | uid:gid |');
    console.log('  | --- | ---: | ---: | --- | --- | ---: | --- | ---: | --- |');
    for (const { name, report: r } of results) {
      console.log(
        `  | ${name} | ${r.build.seconds.toFixed(1)} | ${r.rebuild?.seconds.toFixed(1) ?? '-'} | ${r.rebuild ? `${r.rebuild.edit.how}${r.rebuild.edit.proven ? '' : ' (NOT proven)'}` : '-'} | ${r.rebuild ? (r.rebuild.installSteps.length === 0 ? 'no deps' : r.rebuild.installCached ? 'yes' : 'NO') : '-'} | ${mb(r.size?.bytes)} | ${r.health?.status ?? '-'} | ${r.stop?.seconds.toFixed(2) ?? '-'} | ${r.run ? r.run.uids.map((u, i) => `${u}:${r.run?.gids[i]}`).join(',') : (r.config?.user ?? '-')} |`,
      );
    }
  });

  for (const { id, fixture } of cases) {
    const spec = fixture.spec.engine!;
    describe(`${id}/${fixture.name}`, function () {
      let report: VerifyReport;
      let work: string;
      let served: Awaited<ReturnType<typeof serveDocument>> | undefined;
      const dependencies = hasDependencies(fixture.dir);

      before(async function () {
        this.timeout(20 * 60_000);
        const stack = await loadStack(path.join(PLUGINS, id));
        const { generation } = await renderFixture(stack, fixture, { syntax: false });
        const dockerfile = generation.files.find((f) => f.path === 'Dockerfile')!.content;
        const golden = readFileSync(fixtureFile(fixture, 'Dockerfile'), 'utf8');
        assert.equal(
          dockerfile,
          golden.replace(/^# syntax=docker\/dockerfile:1\n/, ''),
          'the Dockerfile under test must equal the golden but for the # syntax line',
        );
        work = mkdtempSync(path.join(tmpdir(), `dockstack-engine-${id}-${fixture.name}-`));
        const context = path.join(work, 'context');
        cpSync(path.join(fixture.dir, fixture.spec.service?.context ?? '.'), context, { recursive: true });
        const ignore = ignoreFileOf(generation.files)!;
        // A service built from a context above its folder: BuildKit reads the ignore file beside the Dockerfile.
        if (fixture.spec.service === undefined) writeFileSync(path.join(context, '.dockerignore'), ignore.content);
        else writeFileSync(path.join(work, 'Dockerfile.dockerignore'), ignore.content);
        writeFileSync(path.join(work, 'Dockerfile'), dockerfile);
        const { buildArgs, unmapped } = fixtureBuildArgs(
          dockerfile,
          { ...(fixture.spec.set === undefined ? {} : { set: fixture.spec.set }), ...spec },
          standins,
          spec.mirror === undefined ? undefined : mirrors.get(spec.mirror),
        );
        assert.deepEqual(
          unmapped,
          [],
          `base images without a stand-in: ${unmapped.join(', ')} (add a recipe under scripts/standins/recipes)`,
        );
        if (spec.serve !== undefined) served = await serveDocument(spec.serve);
        const env = spec.env === undefined ? undefined : fixtureEnv(spec.env, served?.url);
        report = await verifyImage({
          context,
          dockerfile: path.join(work, 'Dockerfile'),
          tag: `dockstack-test/${id}-${fixture.name}:latest`,
          buildArgs,
          check: spec.check,
          ...(spec.port === undefined ? {} : { port: spec.port }),
          ...(spec.edit === undefined ? {} : { edit: spec.edit }),
          absent: spec.absent ?? [],
          writable: spec.writable ?? [],
          ...(env === undefined ? {} : { env }),
          ...(spec.stopWithin === undefined ? {} : { stopLimitSeconds: spec.stopWithin.seconds }),
          dependencyStep: dependencyStepFor(id),
          hasDependencies: dependencies,
          ...(standins[PROBE_BUILDER] === undefined ? {} : { probeBuilder: standins[PROBE_BUILDER] }),
        });
        results.push({ name: `${id}/${fixture.name}`, report });
      });

      after(function () {
        served?.close();
        if (work) rmSync(work, { recursive: true, force: true });
      });

      it('builds', function () {
        assert.ok(report.build.ok, report.build.error);
      });
      it('starts and passes its check', function () {
        assert.ok(report.run?.check.ok, report.run?.check.detail ?? report.failures.join('\n'));
      });
      if (spec.serve !== undefined) {
        it(`the job requested the served document ${spec.serve.path}`, function () {
          assert.ok((served?.hits() ?? 0) > 0, 'no request for the served document reached the harness');
        });
      }
      it('runs as a non-root numeric user and group (processes observed, jobs included)', function () {
        assert.ok(
          report.run?.nonRoot,
          `user ${report.config?.user}, uids ${report.run?.uids.join(',')}, gids ${report.run?.gids.join(',')}`,
        );
        assert.ok((report.run?.uids.length ?? 0) > 0, 'no process observed');
        assert.match(report.config?.user ?? '', /^[1-9]\d*(:[1-9]\d*)?$/);
      });
      if ('http' in spec.check || 'log' in spec.check) {
        it('reaches healthy when the template emits a HEALTHCHECK', function () {
          if (!report.config?.healthcheck) this.skip();
          assert.equal(report.health?.status, 'healthy');
        });
        const bound = spec.stopWithin?.seconds ?? 2;
        it(`stops in under ${bound} s (SIGTERM reaches the app${spec.stopWithin ? `: ${spec.stopWithin.why}` : ''}), exiting by itself`, function () {
          assert.ok(report.stop !== undefined && report.stop.seconds < bound, `docker stop took ${report.stop?.seconds} s`);
          assert.notEqual(report.stop.exitCode, 137, 'killed when the grace period ran out');
        });
      }
      it('leaves behind what the template means to leave behind', function () {
        const present = (report.absent ?? []).filter((a) => !a.absent).map((a) => a.path);
        assert.deepEqual(present, []);
        assert.deepEqual(
          report.failures.filter((f) => /^cannot check/.test(f)),
          [],
          'every path was checked',
        );
        assert.equal(report.absent?.length ?? 0, spec.absent?.length ?? 0);
      });
      if ((spec.writable ?? []).length > 0) {
        it(`the runtime user can write ${(spec.writable ?? []).join(', ')}`, function () {
          assert.equal(report.writable?.length, spec.writable?.length, report.failures.join('\n'));
          const denied = (report.writable ?? []).filter((w) => !w.writable).map((w) => `${w.path}: ${w.detail}`);
          assert.deepEqual(denied, []);
        });
      }
      if (spec.edit !== undefined) {
        it(`after editing ${spec.edit}, the new image holds the edit`, function () {
          assert.ok(report.rebuild, 'rebuilt');
          assert.ok(report.rebuild.edit.proven, `${report.rebuild.edit.how}: ${report.rebuild.edit.detail}`);
        });
        it(dependencies ? 'and the dependency step was cached' : 'and has no dependencies (no dependency step expected)', function () {
          assert.ok(report.rebuild, 'rebuilt');
          if (dependencies) {
            assert.ok(
              report.rebuild.installSteps.length > 0,
              `the fixture has dependencies but no step matches ${dependencyStepFor(id).step}`,
            );
            assert.deepEqual(report.rebuild.recompiled, [], 'dependencies compiled again after the edit');
            assert.ok(report.rebuild.installCached, report.rebuild.installSteps.join('\n'));
          } else {
            // A dependency step without dependencies (an empty install) must still not re-run.
            assert.ok(report.rebuild.installSteps.length === 0 || report.rebuild.installCached, report.rebuild.installSteps.join('\n'));
          }
        });
      }
      it('reports the image size', function () {
        assert.ok((report.size?.bytes ?? 0) > 0);
        console.log(
          `      size ${mb(report.size?.bytes)} MB, build ${report.build.seconds.toFixed(1)} s${report.rebuild ? `, rebuild ${report.rebuild.seconds.toFixed(1)} s` : ''}`,
        );
      });
    });
  }
});
