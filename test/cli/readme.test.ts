import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO, runCli } from '../support/cli.js';

describe('README quick start', function () {
  this.timeout(60_000);

  it('the first command writes a Dockerfile for the bundled example, also under CI (frozen lock)', function () {
    const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const command = /bash scripts\/setup\.sh && pnpm -s dockstack (init [^\n`]*)/.exec(readme)?.[1];
    assert.ok(command, 'README names the quick-start command');
    const args = command.split(' ');
    const cwdIndex = args.indexOf('--cwd');
    assert.ok(cwdIndex > 0, 'the command names the example with --cwd');
    const example = args[cwdIndex + 1] as string;
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'dockstack-readme-')), 'example');
    cpSync(path.join(REPO, example), dir, { recursive: true });
    rmSync(path.join(dir, 'Dockerfile'), { force: true });
    rmSync(path.join(dir, '.dockerignore'), { force: true });
    args[cwdIndex + 1] = dir;
    const r = runCli(args, { env: { CI: 'true' } });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(path.join(dir, 'Dockerfile')));
    const check = runCli(['check', '--cwd', dir], { env: { CI: 'true' } });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    // The committed lock is what the bundled stacks render (a stack change that moves its integrity
    // must regenerate it: `dockstack init --yes --force --cwd examples/hello-node`); the example's
    // Dockerfile and .dockerignore are not committed (the command above writes them).
    assert.equal(
      readFileSync(path.join(dir, 'dockstack.lock.json'), 'utf8'),
      readFileSync(path.join(REPO, example, 'dockstack.lock.json'), 'utf8'),
    );
  });
});
