import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PLUGIN_API_VERSION } from '@dockstack/plugin-api';
import { nodeProject } from '../support/cli.js';
import { Sandbox, runInTerminal } from './support/cli-async.js';
import { IndexServer } from './support/index-server.js';
import { packument, publish, writeStack } from './support/packages.js';
import { freePort, startRegistry, type LocalRegistry } from './support/registry.js';

// A real npm registry (Verdaccio) on loopback, community stacks published to it with the real
// npm client, and the built CLI driven as a user would, with its own npmrc and data dirs.
describe('stacks from a real npm registry (Verdaccio on loopback)', function () {
  this.timeout(120_000);
  let root: string;
  let registry: LocalRegistry;
  let user: Sandbox;
  const index = new IndexServer();
  let goodIndex: Record<string, unknown>;

  const stacksDir = (): string => path.join(user.env['DOCKSTACK_DATA_DIR'] as string, 'stacks');
  const installed = (): string[] =>
    existsSync(stacksDir())
      ? readdirSync(stacksDir())
          .filter((n) => n !== 'node_modules')
          .sort()
      : [];

  before(async function () {
    this.timeout(900_000); // a fresh machine installs Verdaccio first (npm ci)
    root = mkdtempSync(path.join(tmpdir(), 'dockstack-e2e-registry-'));
    registry = await startRegistry(path.join(root, 'registry'));
    const src = path.join(root, 'src');
    const throwing = 'export async function detect() { throw new Error("boom from an installed detector"); }\n';
    const hanging = 'export async function detect() { for (;;) {} }\n';
    for (const v of [
      { name: 'dockstack-stack-sample', version: '1.0.0' },
      { name: 'dockstack-stack-sample', version: '1.1.0' },
      { name: 'dockstack-stack-sample', version: '2.0.0', apiRange: '^2.0.0' },
      { name: 'dockstack-stack-offdemo', version: '1.0.0', id: 'offdemo' },
      { name: 'dockstack-stack-throws', version: '1.0.0', id: 'thrower', detector: throwing },
      { name: 'dockstack-stack-hangs', version: '1.0.0', id: 'hanger', detector: hanging },
      { name: 'dockstack-stack-evil', version: '1.0.0', id: 'evil' },
      { name: 'dockstack-stack-deps', version: '1.0.0', id: 'deps', dependencies: { 'left-pad': '^1.3.0' } },
      { name: '@acme/dockstack-stack-scoped', version: '1.0.0', id: 'scoped' },
    ]) {
      publish(root, registry, writeStack(src, v));
    }
    // Tamper with a published tarball behind the registry's back (same size, one byte changed):
    // the registry's metadata keeps the integrity of what was published.
    const stored = path.join(registry.storage, 'dockstack-stack-evil', 'dockstack-stack-evil-1.0.0.tgz');
    const bytes = readFileSync(stored);
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(stored, bytes);

    const sample = await packument(registry, 'dockstack-stack-sample');
    const offdemo = await packument(registry, 'dockstack-stack-offdemo');
    const version = (doc: typeof sample, v: string, apiRange = '^1.0.0') => ({
      version: v,
      integrity: doc.versions[v]?.dist.integrity,
      apiRange,
      deprecated: false,
    });
    const entry = (id: string, pkg: string, official: boolean, versions: unknown[]) => ({
      id,
      package: pkg,
      displayName: id,
      description: `The ${id} test stack.`,
      tags: [id],
      detectHints: [],
      official,
      versions,
    });
    goodIndex = {
      formatVersion: 1,
      stacks: [
        entry('offdemo', 'dockstack-stack-offdemo', true, [version(offdemo, '1.0.0')]),
        entry('sample', 'dockstack-stack-sample', false, [
          version(sample, '1.0.0'),
          version(sample, '1.1.0'),
          version(sample, '2.0.0', '^2.0.0'),
        ]),
      ],
    };
    index.set(goodIndex);
    await index.start();
    user = new Sandbox(path.join(root, 'user'));
    user.writeNpmrc([
      `registry=${registry.url}`,
      `//${registry.host}/:_authToken=${registry.token}`,
      `cache=${path.join(root, 'user-npm-cache')}`,
    ]);
    Object.assign(user.env, { DOCKSTACK_INDEX_URL: index.url, DOCKSTACK_INDEX_TTL: '0' });
  });

  after(async function () {
    await index.stop();
    await registry?.stop();
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
  });

  it('search and info read the refreshed index: versions, official flag, not installed', async function () {
    const r = await user.run(['stacks', 'search', 'sample', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const hit = r.json().stacks[0];
    assert.equal(r.json().index.source, 'remote');
    assert.equal(hit.id, 'sample');
    assert.equal(hit.official, false);
    assert.equal(hit.latest, '1.1.0');
    assert.deepEqual(
      hit.versions.map((v: { version: string }) => v.version),
      ['1.0.0', '1.1.0', '2.0.0'],
    );
    const info = await user.run(['stacks', 'info', 'sample', '--json']);
    assert.equal(info.status, 0, info.stderr);
    assert.equal(info.json().installed, false);
    assert.equal(info.json().package, 'dockstack-stack-sample');
  });

  it('refuses a community stack without --trust when nobody can confirm, and installs nothing', async function () {
    const r = await user.run(['stacks', 'install', 'sample']);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /E_USAGE.*dockstack-stack-sample@1\.1\.0 is not an official dockstack stack/);
    assert.match(r.stderr, /--trust/);
    assert.deepEqual(installed(), []);
  });

  it('installs sample@1.0.0 from the registry the npm config names, checked against the index', async function () {
    const r = await user.run(['stacks', 'install', 'sample@1.0.0', '--trust', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const out = r.json().installed;
    assert.equal(out.version, '1.0.0');
    assert.equal(out.package, 'dockstack-stack-sample');
    assert.equal(out.verifiedAgainst, 'index');
    assert.equal(out.integrity, (goodIndex as any).stacks[1].versions[0].integrity); // eslint-disable-line @typescript-eslint/no-explicit-any
    assert.deepEqual(installed(), ['dockstack-stack-sample@1.0.0']);
    const record = JSON.parse(readFileSync(path.join(stacksDir(), 'dockstack-stack-sample@1.0.0', '.dockstack-install.json'), 'utf8'));
    assert.deepEqual(record, {
      package: 'dockstack-stack-sample',
      version: '1.0.0',
      integrity: out.integrity,
      verifiedAgainst: 'index',
      registry: registry.url,
    });
    const again = await user.run(['stacks', 'install', 'sample@1.0.0', '--trust']);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /already installed/);
  });

  it('generates a Dockerfile with the installed stack (its detector runs from the data dir)', async function () {
    const project = mkdtempSync(path.join(root, 'project-'));
    writeFileSync(path.join(project, 'sample.txt'), 'hi there\n');
    const r = await user.run(['add', 'sample', '--yes', '--json', '--cwd', project]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.json().stack.version, '1.0.0');
    assert.deepEqual(r.json().options.greeting, { value: 'hi there', source: 'detection', why: 'sample.txt' });
    const dockerfile = readFileSync(path.join(project, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /from stack sample@1\.0\.0/);
    assert.match(dockerfile, /CMD \["echo", "hi there"\]/);
  });

  it('update installs the newest version that admits the running plugin API (1.1.0, not 2.0.0) and keeps 1.0.0', async function () {
    const r = await user.run(['stacks', 'update', 'sample', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.json().updates, [{ package: 'dockstack-stack-sample', id: 'sample', from: '1.0.0', to: '1.1.0', updated: true }]);
    assert.deepEqual(installed(), ['dockstack-stack-sample@1.0.0', 'dockstack-stack-sample@1.1.0']);
    const again = await user.run(['stacks', 'update', '--json']);
    assert.equal(again.json().updates[0].updated, false);
  });

  it('two projects pin different versions side by side', async function () {
    const older = await user.run(['add', 'sample@1.0.0', '--stdout']);
    assert.equal(older.status, 0, older.stderr);
    assert.match(older.stdout, /from stack sample@1\.0\.0\./);
    const newer = await user.run(['add', 'sample', '--stdout']);
    assert.match(newer.stdout, /from stack sample@1\.1\.0\./);
    const list = await user.run(['stacks', 'list', '--json']);
    const rows = list.json().stacks.filter((s: { id: string }) => s.id === 'sample');
    assert.deepEqual(rows.map((s: { version: string; origin: string }) => `${s.version} ${s.origin}`).sort(), [
      '1.0.0 installed',
      '1.1.0 installed',
    ]);
  });

  it('refuses an incompatible plugin API range, naming the versions that would work', async function () {
    const r = await user.run(['stacks', 'install', 'sample@2.0.0', '--trust', '--json']);
    assert.equal(r.status, 4, r.stdout);
    const error = r.json().error;
    assert.equal(error.code, 'E_STACK_INCOMPATIBLE');
    assert.match(error.message, /needs plugin API \^2\.0\.0/);
    assert.deepEqual(error.data.compatible, ['1.0.0', '1.1.0']);
    assert.match(
      error.hint,
      new RegExp(`Versions that work with plugin API ${PLUGIN_API_VERSION.replace(/\./g, '\\.')}: 1\\.0\\.0, 1\\.1\\.0`),
    );
  });

  it('refuses a tarball whose integrity does not match the index, and leaves the store as it was', async function () {
    assert.equal((await user.run(['stacks', 'uninstall', 'sample@1.0.0'])).status, 0);
    const bad = structuredClone(goodIndex) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    bad.stacks[1].versions[0].integrity = bad.stacks[1].versions[1].integrity;
    index.set(bad);
    try {
      const r = await user.run(['stacks', 'install', 'sample@1.0.0', '--trust']);
      assert.equal(r.status, 14, r.stderr);
      assert.match(r.stderr, /E_INTEGRITY.*dockstack-stack-sample@1\.0\.0 .*does not match the stack index/);
      assert.deepEqual(installed(), ['dockstack-stack-sample@1.1.0']);
    } finally {
      index.set(goodIndex);
    }
  });

  it('refuses a tampered tarball that does not match the registry metadata', async function () {
    const r = await user.run(['stacks', 'install', 'dockstack-stack-evil', '--trust', '--json']);
    assert.equal(r.status, 14, r.stdout);
    assert.equal(r.json().error.code, 'E_INTEGRITY');
    assert.ok(!installed().some((n) => n.includes('evil')));
  });

  it('a missing package gives a clear error', async function () {
    const r = await user.run(['stacks', 'install', 'nosuch', '--trust']);
    assert.equal(r.status, 4, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(`E_STACK_NOT_FOUND\\]: Package dockstack-stack-nosuch was not found on ${registry.url.replace(/[./]/g, '\\$&')}`),
    );
    assert.match(r.stderr, /hint: .*dockstack-stack-<id>/);
  });

  it('installs a stack the index marks official without asking', async function () {
    const r = await user.run(['stacks', 'install', 'offdemo']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Installed offdemo@1\.0\.0 \(dockstack-stack-offdemo, official\)/);
  });

  it('refuses a stack with unbundled runtime dependencies and rolls back', async function () {
    const r = await user.run(['stacks', 'install', 'dockstack-stack-deps', '--trust']);
    assert.equal(r.status, 4, r.stderr);
    assert.match(r.stderr, /E_STACK_INVALID.*not bundled: left-pad/);
    assert.ok(!installed().some((n) => n.includes('deps') || n.startsWith('.staging')));
  });

  it('honours scoped registries and per-registry auth from the npm config', async function () {
    const scoped = new Sandbox(path.join(root, 'scoped-user'));
    const dead = `http://127.0.0.1:${await freePort()}/`;
    scoped.writeNpmrc([
      `registry=${dead}`,
      `@acme:registry=${registry.url}`,
      `//${registry.host}/:_authToken=${registry.token}`,
      `cache=${path.join(root, 'scoped-npm-cache')}`,
    ]);
    const ok = await scoped.run(['stacks', 'install', '@acme/dockstack-stack-scoped', '--trust', '--json']);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.equal(ok.json().installed.id, 'scoped');
    const anonymous = new Sandbox(path.join(root, 'anonymous-user'));
    anonymous.writeNpmrc([`registry=${registry.url}`, `cache=${path.join(root, 'anonymous-npm-cache')}`]);
    const refused = await anonymous.run(['stacks', 'install', 'sample', '--trust']);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /E_REGISTRY|E_STACK_NOT_FOUND/);
  });

  it('a detector that throws or hangs in an installed stack does not break other commands', async function () {
    for (const name of ['dockstack-stack-throws', 'dockstack-stack-hangs']) {
      const r = await user.run(['stacks', 'install', name, '--trust']);
      assert.equal(r.status, 0, r.stderr);
    }
    const r = await user.run(['detect', '--json', '--cwd', nodeProject()]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.json().candidates[0].id, 'node');
    const problems = r.json().problems as Array<{ stack: string; message: string }>;
    assert.deepEqual(problems.find((p) => p.stack === 'thrower')?.message, 'boom from an installed detector');
    assert.match(problems.find((p) => p.stack === 'hanger')?.message ?? '', /did not finish/);
    const add = await user.run(['add', 'sample', '--stdout']);
    assert.equal(add.status, 0, add.stderr);
  });

  it('in a terminal, asks before installing a community stack: "n" installs nothing, "y" installs', async function () {
    const prompt = /Install dockstack-stack-sample@1\.0\.0\?/;
    const no = await runInTerminal(user, ['stacks', 'install', 'sample@1.0.0'], prompt, ['n']);
    assert.match(no.output, /is a community stack: it is not reviewed by dockstack/);
    assert.match(no.output, /Installation of dockstack-stack-sample@1\.0\.0 cancelled/);
    assert.notEqual(no.status, 0);
    assert.ok(!installed().includes('dockstack-stack-sample@1.0.0'));
    const yes = await runInTerminal(user, ['stacks', 'install', 'sample@1.0.0'], prompt, ['y']);
    assert.equal(yes.status, 0, yes.output);
    assert.match(yes.output, /Installed sample@1\.0\.0/);
    assert.ok(installed().includes('dockstack-stack-sample@1.0.0'));
  });

  it('uninstall removes one version, then the rest; a removed pin says how to get it back', async function () {
    const one = await user.run(['stacks', 'uninstall', 'sample@1.0.0', '--json']);
    assert.equal(one.status, 0, one.stderr);
    assert.deepEqual(one.json().removed, [{ id: 'sample', package: 'dockstack-stack-sample', version: '1.0.0' }]);
    const pinned = await user.run(['add', 'sample@1.0.0', '--stdout']);
    assert.equal(pinned.status, 4);
    assert.match(pinned.stderr, /No installed version of stack "sample" satisfies 1\.0\.0[\s\S]*dockstack stacks install sample@1\.0\.0/);
    const all = await user.run(['stacks', 'uninstall', 'sample']);
    assert.equal(all.status, 0, all.stderr);
    assert.ok(!installed().some((n) => n.includes('sample')));
    const none = await user.run(['stacks', 'uninstall', 'sample']);
    assert.equal(none.status, 4);
    assert.match(none.stderr, /No installed stack matches "sample"/);
  });
});
