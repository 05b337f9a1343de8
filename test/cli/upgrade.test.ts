import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../support/cli.js';
import { project, read, readJson, stackPath, treeHash } from './project-support.js';

const EDIT = 'ENV EDITED_BY_HAND=1';

/** A project generated with versioned@1.0.0 (pinned in the config). */
function pinned(env: Record<string, string>, set: string[] = []): string {
  const dir = project({ 'app.txt': 'x\n' });
  const r = runCli(['add', 'versioned@1.0.0', ...set.flatMap((s) => ['--set', s]), '--yes', '--cwd', dir], { env });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readJson(dir, '.dockstackrc.json').stacks[0].version, '1.0.0');
  assert.match(read(dir, 'Dockerfile'), /RUN echo "prepared by template 1\.0"/);
  return dir;
}

function editDockerfile(dir: string, from: string, to: string): void {
  const text = read(dir, 'Dockerfile');
  assert.ok(text.includes(from), `Dockerfile lacks ${from}`);
  writeFileSync(path.join(dir, 'Dockerfile'), text.replace(from, to));
}

describe('CLI: upgrade', function () {
  this.timeout(60_000);
  const env = stackPath('1.0.0', '1.1.0', '2.0.0');

  it('pinned at 1.0.0, edited by hand, upgraded to 1.1: the result has both the edit and the template change', function () {
    const dir = pinned(env);
    editDockerfile(dir, 'USER 10001:10001\n', `USER 10001:10001\n${EDIT}\n`);
    const r = runCli(['upgrade', 'versioned', '--to', '^1.1.0', '--json', '--cwd', dir], { env });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const out = r.json();
    assert.deepEqual({ from: out.services[0].from, to: out.services[0].to }, { from: '1.0.0', to: '1.1.0' });
    assert.deepEqual(
      out.services[0].files.map((f: { path: string; merge: string }) => [f.path, f.merge]),
      [
        ['Dockerfile', 'merged'],
        ['.dockerignore', 'updated'],
      ],
    );
    const dockerfile = read(dir, 'Dockerfile');
    assert.match(dockerfile, /RUN echo "prepared by template 1\.1, now with a cache"/);
    assert.match(dockerfile, /^USER 10001:10001\nENV EDITED_BY_HAND=1\nEXPOSE 8080$/m);
    assert.match(dockerfile, /from stack versioned@1\.1\.0/);
    assert.doesNotMatch(dockerfile, /<<<<<<<|>>>>>>>/);
    assert.equal(readJson(dir, 'dockstack.lock.json').services['.'].version, '1.1.0');
    assert.equal(readJson(dir, '.dockstackrc.json').stacks[0].version, '^1.1.0');
    // the edit is the user's: check reports it as such, not as a moved template
    const check = runCli(['check', '--json', '--cwd', dir], { env });
    assert.equal(check.status, 9);
    assert.deepEqual(
      check.json().services[0].files.find((f: { path: string }) => f.path === 'Dockerfile'),
      { path: 'Dockerfile', status: 'drift', userEdited: true, templateMoved: false, conflictMarkers: false },
    );
  });

  it('a conflicting edit gets git-style markers, the file is written, and the exit is 10 (E_CONFLICT)', function () {
    const dir = pinned(env);
    editDockerfile(dir, 'RUN echo "prepared by template 1.0"', 'RUN echo "prepared my way"');
    const r = runCli(['upgrade', '--to', '1.1.0', '--cwd', dir], { env });
    assert.equal(r.status, 10, r.stdout + r.stderr);
    assert.match(r.stderr, /E_CONFLICT/);
    assert.match(r.stderr, /conflict in Dockerfile/);
    assert.match(
      read(dir, 'Dockerfile'),
      /^<<<<<<< ours \(Dockerfile as it is\)\nRUN echo "prepared my way"\n\|\|\|\|\|\|\| base \(versioned@1\.0\.0\)\nRUN echo "prepared by template 1\.0"\n=======\nRUN echo "prepared by template 1\.1, now with a cache"\n>>>>>>> theirs \(versioned@1\.1\.0\)$/m,
    );
    assert.equal(readJson(dir, 'dockstack.lock.json').services['.'].version, '1.1.0');
    const check = runCli(['check', '--json', '--cwd', dir], { env });
    assert.equal(check.status, 9);
    assert.equal(check.json().services[0].files.find((f: { path: string }) => f.path === 'Dockerfile').conflictMarkers, true);
  });

  it("runs the new version's option migrations on the config and reports them", function () {
    const dir = pinned(env, ['greeting=hi there', 'legacy=true']);
    editDockerfile(dir, 'USER 10001:10001\n', `USER 10001:10001\n${EDIT}\n`);
    const r = runCli(['upgrade', '--to', '^2.0.0', '--cwd', dir], { env });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /versioned 1\.0\.0 -> 2\.0\.0/);
    assert.match(
      r.stdout,
      /migration 2\.0\.0: greeting is renamed to message; legacy is removed \(removed "greeting", removed "legacy", added "message" = "hi there"\)/,
    );
    assert.deepEqual(readJson(dir, '.dockstackrc.json').stacks[0], {
      stack: 'versioned',
      version: '^2.0.0',
      path: '.',
      options: { message: 'hi there' },
    });
    const dockerfile = read(dir, 'Dockerfile');
    assert.match(dockerfile, /^ENV MESSAGE="hi there"$/m);
    assert.match(dockerfile, /^ENV EDITED_BY_HAND=1$/m);
    assert.deepEqual(readJson(dir, 'dockstack.lock.json').services['.'].options, { debianVersion: '12', message: 'hi there', port: 8080 });
  });

  it('--dry-run prints the diff and writes nothing', function () {
    const dir = pinned(env);
    editDockerfile(dir, 'USER 10001:10001\n', `USER 10001:10001\n${EDIT}\n`);
    const before = treeHash(dir);
    const r = runCli(['upgrade', '--to', '^1.1.0', '--dry-run', '--cwd', dir], { env });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^-RUN echo "prepared by template 1\.0"$/m);
    assert.match(r.stdout, /^\+RUN echo "prepared by template 1\.1, now with a cache"$/m);
    assert.match(r.stdout, /^-\s+"version": "1\.0\.0"$/m);
    assert.equal(treeHash(dir), before);
  });

  it('within the config range (1.0.0 pinned) there is nothing newer: up to date, nothing changed', function () {
    const dir = pinned(env);
    const before = treeHash(dir);
    const r = runCli(['upgrade', '--json', '--cwd', dir], { env });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.json().services[0].upToDate, true);
    assert.equal(treeHash(dir), before);
  });
});
