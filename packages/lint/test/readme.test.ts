import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rulesTable } from '@dockstack/lint';

describe('README', function () {
  it('rules table is in sync with RULES (UPDATE_GOLDEN=1 rewrites it locally)', function () {
    const file = path.join(import.meta.dirname, '..', 'README.md');
    const readme = readFileSync(file, 'utf8');
    const synced = readme.replace(/(<!-- rules:start -->\n)[\s\S]*?(\n<!-- rules:end -->)/, `$1${rulesTable()}$2`);
    if (synced !== readme && process.env['UPDATE_GOLDEN'] === '1' && !process.env['CI']) writeFileSync(file, synced);
    else assert.equal(readme, synced);
  });
});
