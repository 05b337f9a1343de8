import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURES } from './support.js';

const BIN = path.resolve(import.meta.dirname, '..', '..', 'cli', 'bin', 'run.js');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, 'lint', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dockstack-lint-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

describe('dockstack lint (built CLI)', function () {
  this.timeout(30_000);

  it('a clean Dockerfile with its .dockerignore exits 0', function () {
    const dir = project({});
    copyFileSync(path.join(FIXTURES, 'clean', 'node-server.Dockerfile'), path.join(dir, 'Dockerfile'));
    copyFileSync(path.join(FIXTURES, 'clean', 'node-server.Dockerfile.dockerignore'), path.join(dir, '.dockerignore'));
    const r = cli(['--cwd', dir], process.cwd());
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /1 file: 0 errors, 0 warnings/);
  });

  it('errors exit 13 with file:line rule level message (hint); --json has the documented shape', function () {
    const dir = project({ Dockerfile: 'FROM alpine\nUSER 1000:1000\nCMD ["true"]\n' });
    const text = cli([], dir);
    assert.equal(text.status, 13);
    assert.match(text.stdout, /^Dockerfile:1 DS-10 error .+ \(Pin a version/m);
    const json = cli(['--json'], dir);
    assert.equal(json.status, 13);
    const out = JSON.parse(json.stdout);
    assert.deepEqual(Object.keys(out), ['ok', 'files', 'summary']);
    assert.equal(out.ok, false);
    assert.deepEqual(out.summary, { errors: 1, warnings: 0 });
    assert.equal(out.files[0].file, 'Dockerfile');
    assert.deepEqual(Object.keys(out.files[0].findings[0]).sort(), ['doc', 'hint', 'level', 'line', 'message', 'rule']);
    assert.equal(out.files[0].findings[0].doc, 'docs/rules/DS-10.md');
  });

  it('warnings alone exit 0; several files are reported in order', function () {
    const dir = project({
      'a.Dockerfile': 'FROM alpine:3.20\nRUN mkdir /a\nRUN mkdir /b\nUSER 1:1\nCMD ["true"]\n',
      'b.Dockerfile': 'FROM alpine:3.20\nUSER 1:1\nCMD ["true"]\n',
    });
    const r = cli(['a.Dockerfile', 'b.Dockerfile', '--json'], dir);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(
      out.files.map((f: { file: string }) => f.file),
      ['a.Dockerfile', 'b.Dockerfile'],
    );
    assert.deepEqual(out.summary, { errors: 0, warnings: 1 });
  });

  it('a missing file exits 2 with a clear message', function () {
    const dir = project({});
    const r = cli(['nope.Dockerfile'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /No Dockerfile at nope\.Dockerfile/);
    const json = cli(['--json'], dir);
    assert.equal(json.status, 2);
    assert.equal(JSON.parse(json.stdout).error.code, 'E_USAGE');
  });
});
