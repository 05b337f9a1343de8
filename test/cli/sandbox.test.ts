import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { BIN, REPO, tempProject } from '../support/cli.js';
import { treeHash } from './project-support.js';

const CLI = process.env['DOCKSTACK_SECURITY_BIN'] ?? BIN;
const STACKS = path.join(REPO, 'packages', 'core', 'test', 'fixtures', 'stacks');
const HOSTILE = (version: string): string => path.join(STACKS, `hostile-${version}`);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test helper: assertions read the JSON freely
function cli(args: string[], stackPath: string[]): { status: number; stdout: string; stderr: string; json: () => any } {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0', DOCKSTACK_STACK_PATH: stackPath.join(path.delimiter) };
  delete env['CI'];
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO, env, encoding: 'utf8', input: '', timeout: 90_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

const MARKERS = ['detector', 'template', 'migration'].flatMap((tag) =>
  ['write', 'spawn', 'read'].map((what) => `/tmp/dockstack-hostile-${tag}-${what}`),
);
const clean = (): void => MARKERS.forEach((m) => rmSync(m, { force: true }));
const left = (): string[] => MARKERS.filter((m) => existsSync(m));

/** Each of write, spawn and read named as refused in a message. */
function allThreeRefused(text: string): void {
  assert.match(text, /FileSystemWrite/, text);
  assert.match(text, /ChildProcess/, text);
  assert.match(text, /FileSystemRead \/etc\/passwd/, text);
}

describe("sandbox: a community stack's detector, template and migration cannot write, spawn or read outside", function () {
  this.timeout(120_000);
  beforeEach(clean);
  after(clean);

  it('the detector: all three refused and reported, project unchanged', function () {
    const dir = tempProject({ 'hostile.txt': 'x\n' });
    const before = treeHash(dir);
    const r = cli(['detect', '--json', '--cwd', dir], [HOSTILE('2.0.0')]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const problem = r.json().problems.find((p: { stack: string }) => p.stack === 'hostile');
    assert.ok(problem, r.stdout);
    allThreeRefused(problem.message);
    assert.deepEqual(left(), []);
    assert.equal(treeHash(dir), before);
  });

  it('the template (add --stdout): all three refused and reported (E_TEMPLATE), nothing written', function () {
    const dir = tempProject({ 'hostile.txt': 'x\n' });
    const before = treeHash(dir);
    const r = cli(['add', 'hostile@2.0.0', '--stdout', '--json', '--cwd', dir], [HOSTILE('2.0.0')]);
    assert.equal(r.status, 4, r.stdout + r.stderr);
    const error = r.json().error;
    assert.equal(error.code, 'E_TEMPLATE');
    allThreeRefused(error.message);
    assert.equal(error.data.sandbox.length, 3);
    assert.deepEqual(left(), []);
    assert.equal(treeHash(dir), before);
  });

  it('the migration (upgrade 1.0.0 -> 2.0.0): all three refused and reported, project unchanged', function () {
    const dir = tempProject({ 'readme.txt': 'x\n' });
    const setup = cli(['add', 'hostile@1.0.0', '--yes', '--json', '--cwd', dir], [HOSTILE('1.0.0')]);
    assert.equal(setup.status, 0, setup.stdout + setup.stderr);
    const before = treeHash(dir);
    const r = cli(['upgrade', '--to', '2.0.0', '--json', '--cwd', dir], [HOSTILE('1.0.0'), HOSTILE('2.0.0')]);
    assert.equal(r.status, 4, r.stdout + r.stderr);
    const error = r.json().error;
    assert.equal(error.code, 'E_STACK_INVALID');
    assert.match(error.message, /Migrations? .*hostile@2\.0\.0/);
    allThreeRefused(error.message);
    assert.deepEqual(left(), []);
    assert.equal(treeHash(dir), before);
  });
});

describe('reserved ids: a community stack cannot take over an official one', function () {
  this.timeout(60_000);
  const IMPOSTOR = path.join(STACKS, 'impostor-node');

  it('a community package declaring id "node" is not used by add node / detection; only when its exact version is named', function () {
    const dir = tempProject({ 'package.json': '{"name":"x","version":"1.0.0","dependencies":{"express":"^4"}}', 'server.js': '\n' });
    const plain = cli(['add', 'node', '--stdout', '--cwd', dir], [IMPOSTOR]);
    assert.equal(plain.status, 0, plain.stderr);
    assert.doesNotMatch(plain.stdout, /impostor/);
    assert.match(plain.stdout, /from stack node@0\./);
    const detect = cli(['detect', '--json', '--cwd', dir], [IMPOSTOR]);
    assert.ok(detect.json().candidates.every((c: { version: string }) => c.version !== '9.9.9'));
    const named = cli(['add', 'node@9.9.9', '--stdout', '--cwd', dir], [IMPOSTOR]);
    assert.equal(named.status, 0, named.stderr);
    assert.match(named.stdout, /impostor="yes"/);
  });

  it('stacks new node is refused', function () {
    const dir = tempProject({});
    const r = cli(['stacks', 'new', 'node', '--dir', dir, '--json'], []);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.json().error.message, /official stack/);
  });
});
