import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { BIN, REPO, runCli } from '../support/cli.js';

describe('CLI: --version', function () {
  this.timeout(30_000);

  it('prints exactly what oclif prints (the fast path loads no oclif)', function () {
    const fast = runCli(['--version']);
    assert.equal(fast.status, 0, fast.stderr);
    const viaOclif = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { execute } = await import('@oclif/core'); await execute({ dir: ${JSON.stringify(pathToFileURL(BIN).href)}, args: ['--version'] });`,
      ],
      { cwd: `${REPO}/packages/cli`, encoding: 'utf8' },
    );
    assert.equal(viaOclif.status, 0, viaOclif.stderr);
    assert.match(fast.stdout, /^dockstack\/\d+\.\d+\.\d+ \S+-\S+ node-v\d+/);
    assert.equal(fast.stdout, viaOclif.stdout);
    assert.equal(fast.stderr, viaOclif.stderr);
  });
});
