import assert from 'node:assert/strict';
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nodeProject, runCli } from '../support/cli.js';
import { VERSIONED, project, read, readJson, stackPath, treeHash } from './project-support.js';

describe('CLI: config and lock', function () {
  this.timeout(60_000);

  for (const cmd of ['check', 'upgrade']) {
    it(`dockstack ${cmd} --help`, function () {
      const r = runCli([cmd, '--help']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`USAGE\\n {2}\\$ dockstack ${cmd}`));
    });
  }

  describe('init and add write the config and the lock', function () {
    it('init --json reports config and lock beside files; the lock reproduces byte-identical files', function () {
      const dir = nodeProject();
      const r = runCli(['init', '--yes', '--json', '--cwd', dir]);
      assert.equal(r.status, 0, r.stderr);
      const out = r.json();
      assert.deepEqual(out.files, [
        { path: 'Dockerfile', status: 'created' },
        { path: '.dockerignore', status: 'created' },
      ]);
      assert.deepEqual(out.config, { path: '.dockstackrc.json', status: 'created' });
      assert.deepEqual(out.lock, { path: 'dockstack.lock.json', status: 'created' });
      assert.deepEqual(readJson(dir, '.dockstackrc.json'), { stacks: [{ stack: 'node', version: '^0.1.0', path: '.' }] });
      const lock = readJson(dir, 'dockstack.lock.json');
      const entry = lock.services['.'];
      assert.equal(entry.stack, 'node');
      assert.equal(entry.package, '@dockstack/stack-node');
      assert.match(entry.version, /^\d+\.\d+\.\d+$/);
      assert.match(entry.integrity, /^sha512-/);
      assert.equal(entry.options.nodeVersion, '22');
      assert.deepEqual(Object.keys(entry.files).sort(), ['.dockerignore', 'Dockerfile']);

      const before = read(dir, 'Dockerfile');
      rmSync(path.join(dir, 'Dockerfile'));
      const again = runCli(['init', '--yes', '--json', '--cwd', dir]);
      assert.equal(again.status, 0, again.stderr);
      assert.equal(read(dir, 'Dockerfile'), before);
      assert.equal(again.json().lock.status, 'unchanged');
      assert.equal(again.json().services[0].fromLock, true);
    });

    it('--set values are saved in the config and a later run keeps the same header and files', function () {
      const dir = nodeProject();
      assert.equal(runCli(['add', 'node', '--set', 'nodeVersion=20', '--yes', '--cwd', dir]).status, 0);
      assert.deepEqual(readJson(dir, '.dockstackrc.json').stacks[0].options, { nodeVersion: '20' });
      const before = treeHash(dir);
      const r = runCli(['init', '--yes', '--json', '--cwd', dir]);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(r.json().options.nodeVersion, { value: '20', source: 'config .dockstackrc.json' });
      assert.equal(treeHash(dir), before);
    });

    it('add updates an existing YAML config in place and package.json#dockstack without touching its other keys', function () {
      const yamlDir = nodeProject({ '.dockstackrc.yaml': '# ours\nstacks:\n  - stack: node # web\n    path: .\n' });
      assert.equal(runCli(['add', 'node', '--set', 'nodeVersion=20', '--yes', '--cwd', yamlDir]).status, 0);
      const yaml = read(yamlDir, '.dockstackrc.yaml');
      assert.match(yaml, /^# ours\n/);
      assert.match(yaml, /stack: node # web/);
      assert.match(yaml, /nodeVersion: "?20"?/);
      assert.ok(!existsSync(path.join(yamlDir, '.dockstackrc.json')));

      const pkgDir = nodeProject();
      const pkg = readJson(pkgDir, 'package.json');
      writeFileSync(
        path.join(pkgDir, 'package.json'),
        `${JSON.stringify({ ...pkg, dockstack: { stacks: [{ stack: 'node' }] } }, null, 2)}\n`,
      );
      assert.equal(runCli(['add', 'node', '--set', 'nodeVersion=20', '--yes', '--cwd', pkgDir]).status, 0);
      const after = readJson(pkgDir, 'package.json');
      assert.deepEqual({ ...after, dockstack: undefined }, { ...pkg, dockstack: undefined });
      assert.deepEqual(Object.keys(after), [...Object.keys(pkg), 'dockstack']);
      assert.deepEqual(after.dockstack.stacks[0].options, { nodeVersion: '20' });
    });
  });

  describe('--frozen (and CI)', function () {
    it('refuses to create a lock, with E_LOCK (exit 8), leaving the project untouched', function () {
      const dir = nodeProject();
      const before = treeHash(dir);
      const r = runCli(['init', '--yes', '--frozen', '--cwd', dir]);
      assert.equal(r.status, 8, r.stderr);
      assert.match(r.stderr, /E_LOCK/);
      assert.match(r.stderr, /there is no dockstack\.lock\.json/);
      assert.equal(treeHash(dir), before);
      assert.equal(runCli(['init', '--yes', '--no-frozen', '--cwd', dir], { env: { CI: 'true' } }).status, 0);
    });

    it('with CI set and no lock yet, init --yes creates the first lock (frozen guards an existing lock)', function () {
      const dir = nodeProject();
      const ci = runCli(['init', '--yes', '--json', '--cwd', dir], { env: { CI: 'true' } });
      assert.equal(ci.status, 0, ci.stderr);
      assert.equal(ci.json().ok, true);
      assert.equal(readJson(dir, 'dockstack.lock.json').services['.'].stack, 'node');
      assert.ok(existsSync(path.join(dir, 'Dockerfile')));
      // Now the lock exists, CI guards it: a change of options is refused.
      const before = treeHash(dir);
      const changed = runCli(['add', 'node', '--set', 'nodeVersion=20', '--yes', '--cwd', dir], { env: { CI: 'true' } });
      assert.equal(changed.status, 8, changed.stderr);
      assert.equal(treeHash(dir), before);
    });

    it('passes when nothing would change, and refuses a change of options', function () {
      const dir = nodeProject();
      assert.equal(runCli(['init', '--yes', '--cwd', dir]).status, 0);
      const before = treeHash(dir);
      const same = runCli(['init', '--yes', '--cwd', dir], { env: { CI: 'true' } });
      assert.equal(same.status, 0, same.stderr);
      const changed = runCli(['add', 'node', '--set', 'nodeVersion=20', '--frozen', '--yes', '--cwd', dir]);
      assert.equal(changed.status, 8);
      assert.match(changed.stderr, /would change/);
      assert.equal(treeHash(dir), before);
    });
  });

  describe('a lock naming a version that is not installed', function () {
    it('fails with E_LOCK saying what, where and how to fix, and changes nothing', function () {
      const dir = project({ 'app.txt': 'x\n' });
      assert.equal(runCli(['add', 'versioned@1.0.0', '--yes', '--cwd', dir], { env: stackPath('1.0.0', '1.1.0') }).status, 0);
      const before = treeHash(dir);
      for (const args of [['init', '--yes'], ['check'], ['upgrade']]) {
        const r = runCli([...args, '--cwd', dir], { env: stackPath('1.1.0') });
        assert.equal(r.status, 8, `${args[0]}: ${r.stderr}`);
        assert.match(r.stderr, /pins stack versioned@1\.0\.0 for service "\.", but that version is not installed \(installed: 1\.1\.0\)/);
        assert.match(r.stderr, /where: dockstack\.lock\.json at \/services\/\.\/version/);
        assert.match(r.stderr, /hint: Install it/);
      }
      assert.equal(treeHash(dir), before);
    });
  });

  describe('hostile config files: a specific error (file + pointer) and an unchanged project', function () {
    const cases: Array<{
      name: string;
      files: Record<string, string>;
      file: string;
      pointer?: string;
      message: RegExp;
      code?: string;
      exit?: number;
    }> = [
      {
        name: 'malformed JSON',
        files: { '.dockstackrc.json': '{ "stacks": [ { "stack": "node" ] }' },
        file: '.dockstackrc.json',
        message: /not valid JSON at line 1, column \d+/,
      },
      {
        name: 'malformed YAML',
        files: { '.dockstackrc.yaml': 'stacks:\n  - stack: node\n    options: { nodeVersion: "22"\n' },
        file: '.dockstackrc.yaml',
        message: /not valid YAML at line \d+, column \d+/,
      },
      {
        name: 'a wrong type',
        files: { '.dockstackrc.json': '{ "stacks": { "stack": "node" } }' },
        file: '.dockstackrc.json',
        pointer: '/stacks',
        message: /must be array/,
      },
      {
        name: 'an unknown key',
        files: { '.dockstackrc': 'stacks:\n  - stack: node\n    verison: ^0.1.0\n' },
        file: '.dockstackrc',
        pointer: '/stacks/0/verison',
        message: /unknown key "verison"/,
      },
      {
        name: 'an unknown key in package.json#dockstack',
        files: { 'package.json': JSON.stringify({ name: 'demo', dockstack: { stack: 'node' } }) },
        file: 'package.json',
        pointer: '/dockstack/stack',
        message: /unknown key "stack"/,
      },
      {
        name: 'an option of the wrong type',
        files: { '.dockstackrc.json': JSON.stringify({ stacks: [{ stack: 'node', options: { port: 'eighty' } }] }) },
        file: '.dockstackrc.json',
        pointer: '/stacks/0/options/port',
        message: /Option "port" = "eighty" \(from config \.dockstackrc\.json\) must be of type integer/,
        code: 'E_OPTIONS_INVALID',
      },
      {
        name: 'an unknown option',
        files: { '.dockstackrc.json': JSON.stringify({ stacks: [{ stack: 'node', options: { nodeVersoin: '22' } }] }) },
        file: '.dockstackrc.json',
        pointer: '/stacks/0/options/nodeVersoin',
        message: /Unknown option "nodeVersoin"/,
        code: 'E_OPTION_UNKNOWN',
      },
    ];
    for (const c of cases) {
      it(c.name, function () {
        const dir = nodeProject(c.files);
        const before = treeHash(dir);
        for (const args of [
          ['init', '--yes'],
          ['add', 'node', '--yes'],
        ]) {
          const r = runCli([...args, '--json', '--cwd', dir]);
          assert.equal(r.status, 3, r.stdout + r.stderr);
          const error = r.json().error;
          assert.equal(error.code, c.code ?? 'E_CONFIG');
          assert.equal(error.file, c.file);
          if (c.pointer !== undefined) assert.equal(error.pointer, c.pointer);
          assert.match(error.message, c.message);
          assert.ok(typeof error.hint === 'string' && error.hint.length > 0);
        }
        const text = runCli(['init', '--yes', '--cwd', dir]);
        assert.match(text.stderr, new RegExp(`where: ${c.file.replace(/\./g, '\\.')}${c.pointer === undefined ? '' : ` at ${c.pointer}`}`));
        assert.equal(treeHash(dir), before);
      });
    }
  });

  describe('check', function () {
    it('passes after init, fails on a hand edit (exit 9, user edited), passes after regeneration', function () {
      const dir = nodeProject();
      assert.equal(runCli(['init', '--yes', '--cwd', dir]).status, 0);
      const ok = runCli(['check', '--json', '--cwd', dir]);
      assert.equal(ok.status, 0, ok.stderr);
      assert.equal(ok.json().drift, false);

      writeFileSync(path.join(dir, 'Dockerfile'), `${read(dir, 'Dockerfile')}RUN echo edited\n`);
      const before = treeHash(dir);
      const drift = runCli(['check', '--json', '--cwd', dir]);
      assert.equal(drift.status, 9);
      const out = drift.json();
      assert.equal(out.error.code, 'E_DRIFT');
      assert.deepEqual(
        out.services[0].files.find((f: { path: string }) => f.path === 'Dockerfile'),
        { path: 'Dockerfile', status: 'drift', userEdited: true, templateMoved: false, conflictMarkers: false },
      );
      const text = runCli(['check', '--cwd', dir]);
      assert.equal(text.status, 9);
      assert.match(text.stdout, /drift: Dockerfile: edited by hand/);
      assert.equal(treeHash(dir), before);

      assert.equal(runCli(['init', '--yes', '--force', '--cwd', dir]).status, 0);
      assert.equal(runCli(['check', '--cwd', dir]).status, 0);
    });

    it('says when the template moved (the locked version now renders differently), and passes after regeneration', function () {
      const stack = mkdtempSync(path.join(tmpdir(), 'dockstack-stack-'));
      cpSync(VERSIONED('1.0.0'), stack, { recursive: true });
      const env = stackPath(stack);
      const dir = project({ 'app.txt': 'x\n' });
      assert.equal(runCli(['add', 'versioned', '--yes', '--cwd', dir], { env }).status, 0);
      const template = path.join(stack, 'template', 'Dockerfile.ejs');
      writeFileSync(template, read(stack, 'template/Dockerfile.ejs').replace('prepared by template 1.0', 'prepared by a patched 1.0'));
      const r = runCli(['check', '--json', '--cwd', dir], { env });
      assert.equal(r.status, 9);
      const service = r.json().services[0];
      assert.equal(service.integrity, false);
      assert.deepEqual(
        service.files.find((f: { path: string }) => f.path === 'Dockerfile'),
        { path: 'Dockerfile', status: 'drift', userEdited: false, templateMoved: true, conflictMarkers: false },
      );
      const text = runCli(['check', '--cwd', dir], { env });
      assert.match(text.stdout, /Dockerfile: template moved \(versioned@1\.0\.0 now renders differently\)/);

      assert.equal(runCli(['init', '--yes', '--force', '--cwd', dir], { env }).status, 0);
      assert.equal(runCli(['check', '--cwd', dir], { env }).status, 0);
    });

    it('without a lock: E_LOCK with a hint', function () {
      const r = runCli(['check', '--cwd', nodeProject()]);
      assert.equal(r.status, 8);
      assert.match(r.stderr, /dockstack init/);
    });
  });
});
