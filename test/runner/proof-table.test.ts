import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const REPO = path.resolve(import.meta.dirname, '..', '..');

describe('README proof table', function () {
  it('lists every stack fixture with its real proof (engine block or golden-only with a reason)', function () {
    const r = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'proof-table.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
});
