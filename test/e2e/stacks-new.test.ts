import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from '../support/cli.js';
import { Sandbox } from './support/cli-async.js';

/**
 * Runs the scaffold's own `npm test` (mocha) against this workspace's @dockstack/testing:
 * node_modules/@dockstack/testing, @dockstack/plugin-api and node_modules/mocha are symlinks to the repository's
 * copies, standing in for `npm install` of the published packages.
 */
function runOwnTests(dir: string): Promise<{ status: number; output: string }> {
  mkdirSync(path.join(dir, 'node_modules', '@dockstack'), { recursive: true });
  symlinkSync(path.join(REPO, 'packages', 'testing'), path.join(dir, 'node_modules', '@dockstack', 'testing'), 'junction');
  symlinkSync(path.join(REPO, 'packages', 'plugin-api'), path.join(dir, 'node_modules', '@dockstack', 'plugin-api'), 'junction');
  symlinkSync(path.join(REPO, 'node_modules', 'mocha'), path.join(dir, 'node_modules', 'mocha'), 'junction');
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env['UPDATE_GOLDEN'];
    const child = spawn(process.execPath, [path.join(dir, 'node_modules', 'mocha', 'bin', 'mocha.js')], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('close', (code) => resolve({ status: code ?? -1, output }));
  });
}

describe('stacks new: a community stack that passes its own tests', function () {
  this.timeout(90_000);
  let root: string;
  let user: Sandbox;
  let dir: string;

  before(async function () {
    root = mkdtempSync(path.join(tmpdir(), 'dockstack-e2e-new-'));
    user = new Sandbox(path.join(root, 'user'));
    const r = await user.run(['stacks', 'new', 'demo-app', '--dir', path.join(root, 'work'), '--json']);
    assert.equal(r.status, 0, r.stderr);
    dir = r.json().created.dir;
  });

  after(function () {
    rmSync(root, { recursive: true, force: true });
  });

  it('scaffolds dockstack-stack-<id>: manifest, schema, templates, detector, README table, fixture with goldens, test', function () {
    assert.equal(path.basename(dir), 'dockstack-stack-demo-app');
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    assert.equal(pkg.name, 'dockstack-stack-demo-app');
    assert.ok(pkg.keywords.includes('dockstack-stack'));
    assert.equal(pkg.dockstack.id, 'demo-app');
    assert.equal(pkg.dockstack.apiRange, '^1.4.0');
    assert.equal(pkg.devDependencies['@dockstack/testing'].startsWith('^'), true);
    for (const file of [
      'schema.json',
      'template/Dockerfile.ejs',
      'template/dockerignore.ejs',
      'src/detect.js',
      'test/stack.test.js',
      'test/fixtures/basic/fixture.json',
      'test/fixtures/basic/Dockerfile',
      'test/fixtures/basic/.dockerignore',
      '.gitignore',
      '.mocharc.json',
    ]) {
      assert.ok(readFileSync(path.join(dir, file), 'utf8').length > 0, file);
    }
    assert.match(
      readFileSync(path.join(dir, 'README.md'), 'utf8'),
      /<!-- options:start[^\n]*-->\n\| Option \| Type \| Default \| Description \|\n[\s\S]*\| `port` \| integer \| `8080` \|[\s\S]*<!-- options:end -->/,
    );
    assert.match(
      readFileSync(path.join(dir, 'test/fixtures/basic/Dockerfile'), 'utf8'),
      /from stack demo-app@0\.1\.0[\s\S]*USER 10001:10001\nEXPOSE 9000\n/,
    );
  });

  it('its own test suite (describeStack from @dockstack/testing) passes out of the box', async function () {
    const r = await runOwnTests(dir);
    assert.equal(r.status, 0, r.output);
    assert.match(r.output, /(\d+) passing/);
    assert.doesNotMatch(r.output, /failing/);
  });

  it('refuses an invalid id and an existing folder', async function () {
    const bad = await user.run(['stacks', 'new', 'Bad_Id', '--dir', path.join(root, 'work')]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /not a valid stack id/);
    const again = await user.run(['stacks', 'new', 'demo-app', '--dir', path.join(root, 'work')]);
    assert.equal(again.status, 6);
    assert.match(again.stderr, /E_FILE_EXISTS/);
  });

  it('stacks link uses the folder in place (ahead of other versions); uninstall removes the link', async function () {
    const linked = await user.run(['stacks', 'link', dir, '--json']);
    assert.equal(linked.status, 0, linked.stderr);
    assert.deepEqual(linked.json().linked, { id: 'demo-app', dir, version: '0.1.0' });
    const project = mkdtempSync(path.join(root, 'project-'));
    writeFileSync(path.join(project, 'demo-app.toml'), 'port = 7000\n');
    writeFileSync(path.join(project, 'start.sh'), '#!/bin/sh\necho hi\n');
    const add = await user.run(['add', 'demo-app', '--stdout', '--cwd', project]);
    assert.equal(add.status, 0, add.stderr);
    assert.match(add.stdout, /EXPOSE 7000/);
    const list = await user.run(['stacks', 'list', '--json']);
    assert.ok(list.json().stacks.some((s: { id: string; origin: string }) => s.id === 'demo-app' && s.origin === 'linked'));
    const broken = await user.run(['stacks', 'link', path.join(root, 'work')]);
    assert.equal(broken.status, 4, 'a folder that is not a stack is refused');
    const un = await user.run(['stacks', 'uninstall', 'demo-app', '--json']);
    assert.equal(un.status, 0, un.stderr);
    assert.deepEqual(un.json().unlinked, { id: 'demo-app', dir });
    assert.equal((await user.run(['add', 'demo-app', '--stdout', '--cwd', project])).status, 4);
  });
});
