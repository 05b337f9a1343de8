import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from '../support/cli.js';
import { tempDir } from '../../packages/core/test/helpers.js';

const SCRIPT = path.join(REPO, 'packages', 'cli', 'scripts', 'manifest.mjs');
const MANIFEST = path.join(REPO, 'packages', 'cli', 'oclif.manifest.json');

function check(file?: string): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [SCRIPT, '--check', ...(file === undefined ? [] : ['--file', file])], {
    cwd: REPO,
    encoding: 'utf8',
  });
  return { status: r.status, stderr: r.stderr };
}

describe('oclif manifest', function () {
  this.timeout(30_000);

  it('the shipped oclif.manifest.json is what the built commands give, with every source command', function () {
    const r = check();
    assert.equal(r.status, 0, r.stderr);
  });

  it('a stale manifest fails the check (a command missing, a flag changed)', function () {
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as {
      commands: Record<string, { flags: Record<string, { description?: string }> }>;
    };
    const dir = tempDir();
    const withoutLint = structuredClone(manifest);
    delete withoutLint.commands['lint'];
    writeFileSync(path.join(dir, 'missing.json'), `${JSON.stringify(withoutLint, null, 2)}\n`);
    const r1 = check(path.join(dir, 'missing.json'));
    assert.equal(r1.status, 1);
    assert.match(r1.stderr, /stale \(no entry for lint: a command must be listed in COMMANDS in src\/main\.ts\)/);

    const changed = structuredClone(manifest);
    (changed.commands['init']?.flags['yes'] ?? {}).description = 'an old description';
    writeFileSync(path.join(dir, 'changed.json'), `${JSON.stringify(changed, null, 2)}\n`);
    const r2 = check(path.join(dir, 'changed.json'));
    assert.equal(r2.status, 1);
    assert.match(r2.stderr, /stale \(it differs from the built commands\)/);
  });
});
