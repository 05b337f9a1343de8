import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Sandbox } from './support/cli-async.js';
import { IndexServer } from './support/index-server.js';
import { packument } from './support/packages.js';
import { ReleaseSandbox, cliBundling, fetchPublished } from './support/release.js';
import { startRegistry, type LocalRegistry } from './support/registry.js';

const PKG = '@dockstack/stack-static';
const GENERATED = ['Dockerfile', '.dockerignore', '.dockstackrc.json', 'dockstack.lock.json'];

// Two versions of an official stack released through the release flow (changesets, deterministic
// pack, index, npm publish) to a real registry (Verdaccio on loopback); a project pinned to the
// older one, on a machine whose dockstack bundles the newer.
describe('official stacks released as versioned packages: a pinned project on a newer dockstack', function () {
  this.timeout(180_000);
  let root: string;
  let registry: LocalRegistry;
  let releases: ReleaseSandbox;
  let bin: string;
  const index = new IndexServer();
  const output: string[] = [];
  let project: string;

  const machine = (name: string): Sandbox => {
    const m = new Sandbox(path.join(root, name), bin);
    m.writeNpmrc([
      `registry=${registry.url}`,
      `//${registry.host}/:_authToken=${registry.token}`,
      `cache=${path.join(root, `${name}-npm-cache`)}`,
    ]);
    Object.assign(m.env, { DOCKSTACK_INDEX_URL: index.url, DOCKSTACK_INDEX_TTL: '0' });
    return m;
  };
  const installed = (m: Sandbox): string[] => {
    const dir = path.join(m.env['DOCKSTACK_DATA_DIR'] as string, 'stacks', '@dockstack');
    return existsSync(dir) ? readdirSync(dir).sort() : [];
  };
  const files = (dir: string): Record<string, string> =>
    Object.fromEntries(GENERATED.filter((f) => existsSync(path.join(dir, f))).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));

  before(async function () {
    this.timeout(900_000); // a fresh machine installs Verdaccio first (npm ci)
    root = mkdtempSync(path.join(tmpdir(), 'dockstack-e2e-release-'));
    registry = await startRegistry(path.join(root, 'registry'));
    const publisher = path.join(root, 'publisher');
    mkdirSync(publisher, { recursive: true });
    mkdirSync(path.join(root, 'repo'));
    releases = new ReleaseSandbox(path.join(root, 'repo'), 'static');
    // Release one (patch): a template change and its changeset.
    releases.edit('template/Dockerfile.ejs', '# Versions and base images.', '# Versions and base images (pinned by release one).');
    releases.changeset('first-release', 'patch', 'The version comment says which release wrote it.');
    output.push(releases.release(registry, publisher));
    // Release two (minor): another template change.
    releases.edit('template/Dockerfile.ejs', 'SIGTERM would drop them', 'SIGTERM would cut them off (release two)');
    releases.changeset('second-release', 'minor', 'The STOPSIGNAL comment is clearer.');
    output.push(releases.release(registry, publisher));
    index.set(releases.index());
    await index.start();
    // The newest release, as published, is what this dockstack bundles.
    const tarball = fetchPublished(publisher, registry, `${PKG}@0.2.0`, path.join(root, 'downloads'));
    mkdirSync(path.join(root, 'cli'));
    bin = cliBundling(path.join(root, 'cli'), PKG, tarball);
    project = path.join(root, 'project');
    mkdirSync(project);
    writeFileSync(path.join(project, 'index.html'), '<!doctype html><title>pinned</title><p>hello</p>\n');
  });

  after(async function () {
    await index.stop();
    await registry?.stop();
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
  });

  it('the release flow bumps the stack, writes its changelog and lists every version in the index; the registry serves the indexed bytes', async function () {
    assert.match(output.join(''), /published @dockstack\/stack-static@0\.1\.1/);
    assert.match(output.join(''), /published @dockstack\/stack-static@0\.2\.0/);
    const changelog = readFileSync(path.join(releases.dir, 'CHANGELOG.md'), 'utf8');
    assert.match(changelog, /## 0\.2\.0\n\n### Minor Changes\n\n- The STOPSIGNAL comment is clearer\.\n\n## 0\.1\.1\n\n### Patch Changes/);
    const versions = releases.index().stacks[0]?.versions ?? [];
    assert.deepEqual(
      versions.map((v) => [v.version, v['changelog']]),
      [
        ['0.1.0', 'plugins/static/CHANGELOG.md#010'],
        ['0.1.1', 'plugins/static/CHANGELOG.md#011'],
        ['0.2.0', 'plugins/static/CHANGELOG.md#020'],
      ],
    );
    for (const v of versions) assert.deepEqual(Object.keys(v['proof'] as object), ['fixtures', 'engine']);
    const doc = await packument(registry, PKG);
    for (const v of versions.slice(1)) assert.equal(doc.versions[v.version]?.dist.integrity, v.integrity, v.version);
    assert.equal(doc.versions['0.1.0'], undefined, '0.1.0 was never released here');
  });

  it('the test CLI bundles the newer release (0.2.0)', async function () {
    const r = await machine('bundle-check').run(['stacks', 'list', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const rows = r.json().stacks.filter((s: { id: string }) => s.id === 'static');
    assert.deepEqual(
      rows.map((s: { version: string; origin: string }) => `${s.version} ${s.origin}`),
      ['0.2.0 bundled'],
    );
  });

  it('a project pinned to 0.1.1 on one machine: check on another installs 0.1.1 (saying so) and every file is reproduced byte for byte', async function () {
    const author = machine('author');
    // An official version other than the bundled one installs like a community stack, without a trust prompt.
    const install = await author.run(['stacks', 'install', 'static@0.1.1', '--json']);
    assert.equal(install.status, 0, install.stdout + install.stderr);
    assert.equal(install.json().installed.official, true);
    assert.equal(install.json().installed.verifiedAgainst, 'index');
    const pin = await author.run(['add', 'static@0.1.1', '--yes', '--cwd', project]);
    assert.equal(pin.status, 0, pin.stdout + pin.stderr);
    const committed = files(project);
    assert.match(committed['Dockerfile'] ?? '', /from stack static@0\.1\.1/);
    assert.match(committed['Dockerfile'] ?? '', /pinned by release one/);
    assert.equal(JSON.parse(committed['dockstack.lock.json'] ?? '{}').services['.'].version, '0.1.1');

    // A teammate's machine: a fresh data dir, nothing installed, the same dockstack (bundling 0.2.0).
    const teammate = machine('teammate');
    const clone = path.join(root, 'clone');
    cpSync(project, clone, { recursive: true });
    assert.deepEqual(installed(teammate), []);
    const check = await teammate.run(['check', '--cwd', clone]);
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(
      check.stderr,
      /Installing static@0\.1\.1 \(@dockstack\/stack-static\): dockstack\.lock\.json pins it for service "\." and it is not installed here/,
    );
    assert.match(check.stderr, /Installed static@0\.1\.1 .*checked against the stack index and the registry/);
    assert.match(check.stdout, /\.: static@0\.1\.1 \(newer installed: 0\.2\.0/);
    assert.match(check.stdout, /All generated files match the lock\./);
    assert.deepEqual(installed(teammate), ['stack-static@0.1.1']);

    // Regenerating from scratch on that machine gives the committed bytes.
    for (const f of ['Dockerfile', '.dockerignore']) rmSync(path.join(clone, f));
    const init = await teammate.run(['init', '--yes', '--cwd', clone]);
    assert.equal(init.status, 0, init.stdout + init.stderr);
    assert.doesNotMatch(init.stderr, /Installing/, 'already installed: no second install');
    assert.deepEqual(files(clone), committed);
  });

  it('stacks info --versions lists every published version with its API range, integrity, proof, changelog and where it is here', async function () {
    const r = await machine('teammate').run(['stacks', 'info', 'static', '--versions', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const indexed = releases.index().stacks[0]?.versions ?? [];
    assert.deepEqual(
      r
        .json()
        .versions.map((v: { version: string; here: string | null; integrity: string; worksHere: boolean }) => [
          v.version,
          v.here,
          v.integrity,
          v.worksHere,
        ]),
      indexed.map((v) => [v.version, { '0.1.0': null, '0.1.1': 'installed', '0.2.0': 'bundled' }[v.version], v.integrity, true]),
    );
    const text = await machine('teammate').run(['stacks', 'info', 'static', '--versions']);
    assert.match(
      text.stdout,
      /^0\.2\.0 +plugin API \^1\.1\.0 +bundled\n {2}integrity sha512-.*\n {2}proof {5}\d+ of \d+ fixtures built and run on a real engine.*\n {2}changelog plugins\/static\/CHANGELOG\.md#020$/m,
    );
  });

  it('--offline refuses to fetch the pinned version and names the exact install command', async function () {
    const offline = machine('offline');
    const clone = path.join(root, 'offline-clone');
    cpSync(project, clone, { recursive: true });
    for (const args of [
      ['check', '--offline', '--cwd', clone],
      ['init', '--yes', '--offline', '--cwd', clone],
    ]) {
      const r = await offline.run(args);
      assert.equal(r.status, 8, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(
        r.stderr,
        /E_LOCK.*pins static@0\.1\.1 \(@dockstack\/stack-static\) for service "\.", which is not installed, and --offline forbids fetching it/,
      );
      assert.match(r.stderr, /hint: Install it while online: dockstack stacks install @dockstack\/stack-static@0\.1\.1\n/);
    }
    assert.deepEqual(installed(offline), []);
    assert.deepEqual(files(clone), files(project), 'nothing was written');
  });

  it('upgrade moves the pinned project to the bundled 0.2.0 with a three-way merge that keeps a hand edit', async function () {
    const teammate = machine('teammate');
    const clone = path.join(root, 'clone');
    const dockerfile = path.join(clone, 'Dockerfile');
    const edited = readFileSync(dockerfile, 'utf8').replace('USER 101:101\n', 'LABEL team.note="kept through upgrades"\nUSER 101:101\n');
    writeFileSync(dockerfile, edited);
    const r = await teammate.run(['upgrade', 'static', '--to', '^0.2.0', '--json', '--cwd', clone]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const service = r.json().services[0];
    assert.equal(service.from, '0.1.1');
    assert.equal(service.to, '0.2.0');
    assert.equal(service.files.find((f: { path: string }) => f.path === 'Dockerfile').merge, 'merged');
    const after = readFileSync(dockerfile, 'utf8');
    assert.match(after, /LABEL team\.note="kept through upgrades"\nUSER 101:101/, 'the hand edit survived');
    assert.match(after, /SIGTERM would cut them off \(release two\)/, "0.2.0's template change arrived");
    assert.match(after, /from stack static@0\.2\.0/);
    assert.equal(JSON.parse(readFileSync(path.join(clone, 'dockstack.lock.json'), 'utf8')).services['.'].version, '0.2.0');
  });
});
