import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../support/cli.js';
import { REPO, ensureEngine, ensureStandins } from '../support/engine.js';

// Issue #13, "must show": digest pinning against a real registry. A local CNCF distribution server (Debian's
// docker-registry) on loopback gets the stand-in under the official name; dockstack pins a fixture to the
// digest the registry serves, the engine builds the pinned Dockerfile as written (it pulls by digest), then a
// changed image is pushed under the same tag and `dockstack check` reports the stale digest.
const DOCKER = process.env['DOCKSTACK_DOCKER'] ?? '/usr/bin/docker';
const PORT = process.env['DOCKSTACK_TEST_REGISTRY_PORT'] ?? '5055';
const HOST = `localhost:${PORT}`;
const docker = (args: string[], input?: string): string =>
  execFileSync(DOCKER, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...(input === undefined ? {} : { input }) }).trim();

describe('digest pinning against a local registry (issue #13)', function () {
  this.timeout(20 * 60_000);
  let dir = '';
  const image = `${HOST}/library/nginx:1.30-trixie`;
  let pushed = '';

  before(async function () {
    const engine = await ensureEngine();
    if (!engine.ok) this.skip();
    const url = execFileSync('bash', [path.join(REPO, 'scripts/registry/ensure-registry.sh'), PORT], { encoding: 'utf8' }).trim();
    assert.equal(url, `http://${HOST}`);
    const standin = ensureStandins(['nginx:1.30-trixie'])['nginx:1.30-trixie'];
    assert.ok(standin !== undefined, 'scripts/standins/map.json has no stand-in for nginx:1.30-trixie');
    docker(['tag', standin, image]);
    docker(['push', '-q', image]);
    // What the engine itself recorded for the push: the test's independent witness of the digest.
    pushed =
      docker(['image', 'inspect', '--format', '{{range .RepoDigests}}{{println .}}{{end}}', image])
        .split('\n')
        .find((d) => d.startsWith(`${HOST}/library/nginx@`))
        ?.split('@')[1] ?? '';
    assert.match(pushed, /^sha256:[a-f0-9]{64}$/);
    dir = mkdtempSync(path.join(tmpdir(), 'dockstack-pin-'));
    cpSync(path.join(REPO, 'plugins/static/test/fixtures/multi-page'), dir, { recursive: true });
    for (const f of ['Dockerfile', '.dockerignore', 'fixture.json']) rmSync(path.join(dir, f), { force: true });
  });

  after(function () {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
    spawnSync(DOCKER, ['image', 'rm', '-f', image, `${image}-changed`], { stdio: 'ignore' });
  });

  it('pins the fixture to the digest the registry serves and records it in the lock', function () {
    const init = runCli(['add', 'static', '--yes', '--set', `registry=${HOST}/library`, '--set', 'syntax=false', '--cwd', dir]);
    assert.equal(init.status, 0, init.stderr);
    assert.match(
      readFileSync(path.join(dir, 'Dockerfile'), 'utf8'),
      new RegExp(`^ARG NGINX_IMAGE=${HOST}/library/nginx:\\$\\{NGINX_VERSION\\}-trixie$`, 'm'),
    );
    const pin = runCli(['pin', '--renovate', '--json', '--cwd', dir]);
    assert.equal(pin.status, 0, pin.stderr);
    const dockerfile = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, new RegExp(`^ARG NGINX_IMAGE=${image}@${pushed}$`, 'm'));
    const lock = JSON.parse(readFileSync(path.join(dir, 'dockstack.lock.json'), 'utf8'));
    assert.deepEqual(lock.services['.'].digests, { [image]: pushed });
    const renovate = JSON.parse(readFileSync(path.join(dir, 'renovate.json'), 'utf8'));
    assert.ok(renovate.extends.includes('docker:pinDigests') && renovate.enabledManagers.includes('dockerfile'));
    const check = runCli(['check', '--cwd', dir]);
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.doesNotMatch(check.stdout, /newer image was pushed/);
  });

  it('builds the pinned Dockerfile as written (the engine pulls the pinned digest from the registry)', function () {
    const tag = `dockstack-pin-test:${process.pid}`;
    const r = spawnSync(DOCKER, ['buildx', 'build', '--network=host', '--load', '--pull', '-t', tag, dir], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr.slice(-3000));
    assert.match(r.stderr, new RegExp(`${HOST}/library/nginx:1.30-trixie@${pushed}`));
    spawnSync(DOCKER, ['image', 'rm', '-f', tag], { stdio: 'ignore' });
  });

  it('reports the stale digest once a changed image is pushed under the same tag, and pin moves to it', function () {
    const ctx = mkdtempSync(path.join(tmpdir(), 'dockstack-changed-'));
    writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${image}@${pushed}\nLABEL dev.dockstack.test.changed="${Date.now()}"\n`);
    const b = spawnSync(DOCKER, ['buildx', 'build', '--network=host', '--load', '-t', image, ctx], { encoding: 'utf8' });
    rmSync(ctx, { recursive: true, force: true });
    assert.equal(b.status, 0, b.stderr.slice(-2000));
    docker(['push', '-q', image]);
    const check = runCli(['check', '--json', '--cwd', dir]);
    const report = check.json();
    const stale = report.images.findings.filter((f: { kind: string }) => f.kind === 'stale-digest');
    assert.equal(stale.length, 1, JSON.stringify(report.images));
    assert.equal(stale[0].ref, image);
    assert.ok(!stale[0].message.includes(pushed.slice(7)) || stale[0].message.includes('pins ' + pushed));
    const text = runCli(['check', '--cwd', dir]);
    assert.match(text.stdout, /a newer image was pushed/);
    const again = runCli(['pin', '--json', '--cwd', dir]);
    assert.equal(again.status, 0, again.stderr);
    const moved = again.json().pinned[0];
    assert.equal(moved.previous, pushed);
    assert.notEqual(moved.digest, pushed);
    assert.doesNotMatch(runCli(['check', '--cwd', dir]).stdout, /a newer image was pushed/);
  });
});
