import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { substituteBaseImages, verifyImage, type VerifyReport } from '@dockstack/engine';
import type { EngineExpectation } from '@dockstack/testing';
import { runCli } from '../support/cli.js';
import { REPO, ensureEngine, ensureStandins, standinMap } from '../support/engine.js';

const FIXTURE = path.join(REPO, 'test', 'fixtures', 'monorepo-services');
const SERVICES = ['api', 'web', 'worker'];

describe('engine tier: dockstack init on a multi-service repository, every service built and run', function () {
  let work: string;
  const reports: Record<string, VerifyReport> = {};

  before(async function () {
    this.timeout(30 * 60_000);
    const engine = await ensureEngine();
    if (!engine.ok) {
      console.log(`  ${engine.reason}`);
      this.skip();
    }
    work = mkdtempSync(path.join(tmpdir(), 'dockstack-monorepo-'));
    const repo = path.join(work, 'repo');
    cpSync(FIXTURE, repo, { recursive: true });
    const init = runCli(['init', '--yes', '--json', '--cwd', repo]);
    assert.equal(init.status, 0, init.stdout + init.stderr);
    const map = standinMap();
    const dockerfiles: Record<string, string> = {};
    for (const service of SERVICES) {
      const file = path.join(repo, 'services', service, 'Dockerfile');
      assert.ok(existsSync(file), `init wrote services/${service}/Dockerfile`);
      // Only the # syntax directive is dropped (BuildKit would pull that frontend from Docker Hub).
      dockerfiles[service] = readFileSync(file, 'utf8').replace(/^# syntax=[^\n]*\n/, '');
    }
    const official = Object.values(dockerfiles).flatMap((text) => {
      const { buildArgs } = substituteBaseImages(text, map);
      return Object.values(buildArgs).map((standin) => Object.keys(map).find((k) => map[k] === standin) as string);
    });
    // The Go stand-in also builds the uid probe run in place of a job's entrypoint.
    const standins = ensureStandins([...new Set([...official, 'golang:1.24-bookworm'])].sort());
    for (const service of SERVICES) {
      const spec = JSON.parse(readFileSync(path.join(repo, 'services', service, 'fixture.json'), 'utf8')).engine as EngineExpectation;
      const dockerfile = path.join(work, `${service}.Dockerfile`);
      writeFileSync(dockerfile, dockerfiles[service] as string);
      const { buildArgs, unmapped } = substituteBaseImages(dockerfiles[service] as string, standins);
      assert.deepEqual(unmapped, [], `base images without a stand-in in ${service}`);
      writeFileSync(`${dockerfile}.dockerignore`, readFileSync(path.join(repo, 'services', service, '.dockerignore')));
      reports[service] = await verifyImage({
        context: path.join(repo, 'services', service),
        dockerfile,
        tag: `dockstack-test/monorepo-${service}:latest`,
        buildArgs,
        check: spec.check,
        ...(spec.port === undefined ? {} : { port: spec.port }),
        probeBuilder: standins['golang:1.24-bookworm'] as string,
      });
    }
  });

  after(function () {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('writes compose.yaml and docker-bake.hcl that build every service from its own context', function () {
    const compose = readFileSync(path.join(work, 'repo', 'compose.yaml'), 'utf8');
    const bake = readFileSync(path.join(work, 'repo', 'docker-bake.hcl'), 'utf8');
    for (const service of SERVICES) {
      assert.match(compose, new RegExp(`context: \\.?/?services/${service}`));
      assert.match(bake, new RegExp(`target "${service}"`));
    }
  });

  for (const service of SERVICES) {
    it(`${service}: builds, answers its check and runs as a non-root user`, function () {
      const r = reports[service];
      assert.ok(r, 'verified');
      assert.deepEqual(r.failures, []);
      assert.ok(r.run?.check.ok, r.run?.check.detail);
      assert.ok(r.run?.nonRoot);
    });
  }
});
