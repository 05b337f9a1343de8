import assert from 'node:assert/strict';
import { nodeProject, runCli } from '../support/cli.js';
import { project, readJson, treeHash } from './project-support.js';

describe('CLI: usage ergonomics', function () {
  this.timeout(60_000);

  it('-h is help, for a command and for the CLI', function () {
    const r = runCli(['init', '-h']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /USAGE\n {2}\$ dockstack init/);
    assert.equal(runCli(['-h']).status, 0);
  });

  it('help shows no empty [default: ] for repeatable flags', function () {
    for (const cmd of [['init'], ['add'], ['verify']]) {
      const r = runCli([...cmd, '--help']);
      assert.equal(r.status, 0);
      assert.doesNotMatch(r.stdout, /\[default: \]/, cmd.join(' '));
    }
  });

  it('a mistyped flag gets a did-you-mean (exit 2), as text and as JSON under --json', function () {
    const text = runCli(['init', '--yse']);
    assert.equal(text.status, 2);
    assert.match(text.stderr, /Nonexistent flag: --yse/);
    assert.match(text.stderr, /Did you mean --yes\?/);
    const json = runCli(['init', '--yse', '--json']);
    assert.equal(json.status, 2);
    assert.deepEqual(json.json(), {
      ok: false,
      error: { code: 'E_USAGE', message: 'Nonexistent flag: --yse', hint: 'Did you mean --yes?' },
    });
  });

  it('other usage mistakes under --json print one JSON error (missing argument)', function () {
    const r = runCli(['add', '--json']);
    assert.equal(r.status, 2);
    const out = r.json();
    assert.equal(out.ok, false);
    assert.equal(out.error.code, 'E_USAGE');
    assert.match(out.error.message, /Missing 1 required arg/);
    assert.match(out.error.message, /stack/);
  });

  it('add --set nodeVersion=22 node: the repeatable flag does not swallow the stack argument', function () {
    const dir = nodeProject();
    const r = runCli(['add', '--set', 'nodeVersion=22', 'node', '--yes', '--cwd', dir]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readJson(dir, 'dockstack.lock.json').services['.'].options.nodeVersion, '22');
    const two = runCli(['add', '--set', 'nodeVersion=20', '--set', 'port=8080', 'node', '--yes', '--force', '--cwd', dir]);
    assert.equal(two.status, 0, two.stderr);
    const options = readJson(dir, 'dockstack.lock.json').services['.'].options;
    assert.deepEqual([options.nodeVersion, options.port], ['20', 8080]);
  });

  it('stacks search with no term lists every stack (exit 0), text and JSON', function () {
    const r = runCli(['stacks', 'search']);
    assert.equal(r.status, 0, r.stderr);
    for (const id of ['node', 'python', 'go', 'rust', 'static']) assert.match(r.stdout, new RegExp(`^${id} `, 'm'));
    const list = runCli(['stacks', 'search', '--json'])
      .json()
      .stacks.map((s: { id: string }) => s.id);
    const index = runCli(['stacks', 'list', '--all', '--json']);
    assert.ok(list.length >= 11, `${list.length} stacks`);
    assert.equal(index.status, 0);
  });

  describe('add <stack> where the stack finds none of its evidence', function () {
    it('warns, naming the files it expected, and still writes (exit 0)', function () {
      const dir = project({ 'README.md': 'hi\n' });
      const r = runCli(['add', 'python', '--yes', '--cwd', dir]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(
        r.stderr,
        /Warning: No Python evidence in the project folder \(expected one of pyproject\.toml, requirements\.txt, Pipfile, uv\.lock, poetry\.lock\)/,
      );
      const json = runCli(['add', 'go', '--yes', '--force', '--json', '--cwd', dir]);
      assert.equal(json.status, 0, json.stderr);
      const [warning] = json.json().warnings;
      assert.equal(warning.code, 'W_NO_EVIDENCE');
      assert.deepEqual(warning.expected, ['go.mod', 'go.work']);
    });

    it('--strict fails with E_DETECT_NONE (exit 5) before writing anything', function () {
      const dir = project({ 'README.md': 'hi\n' });
      const before = treeHash(dir);
      const r = runCli(['add', 'python', '--yes', '--strict', '--cwd', dir]);
      assert.equal(r.status, 5);
      assert.match(r.stderr, /E_DETECT_NONE.*expected one of pyproject\.toml/);
      assert.equal(treeHash(dir), before);
    });

    it('says nothing when the evidence is there', function () {
      const dir = nodeProject();
      const r = runCli(['add', 'node', '--yes', '--strict', '--json', '--cwd', dir]);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(r.json().warnings, []);
      assert.doesNotMatch(r.stderr, /Warning/);
    });
  });
});
