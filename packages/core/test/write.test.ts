import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DockstackError, applyWrites, nodeIO, planWrites, type WriteIO } from '@dockstack/core';
import { tempDir } from './helpers.js';

describe('writes', function () {
  it('plans create, unchanged and overwrite (with a diff)', async function () {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'same'), 'a\n');
    writeFileSync(path.join(dir, 'old'), 'a\n');
    const plan = await planWrites(dir, [
      { path: 'new', content: 'x\n' },
      { path: 'same', content: 'a\n' },
      { path: 'old', content: 'b\n' },
    ]);
    assert.deepEqual(
      plan.map((p) => p.status),
      ['create', 'unchanged', 'overwrite'],
    );
    assert.match(plan[2]?.diff ?? '', /-a\n\+b/);
  });

  it('writes all files and leaves no temporary files', async function () {
    const dir = tempDir();
    const plan = await planWrites(dir, [
      { path: 'Dockerfile', content: 'FROM x\n' },
      { path: '.dockerignore', content: '.git\n' },
    ]);
    assert.deepEqual(await applyWrites(plan), ['Dockerfile', '.dockerignore']);
    assert.deepEqual(readdirSync(dir).sort(), ['.dockerignore', 'Dockerfile']);
  });

  it('a failing write (full disk) leaves the old files and no debris', async function () {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'Dockerfile'), 'OLD\n');
    const plan = await planWrites(dir, [
      { path: '.dockerignore', content: 'new\n' },
      { path: 'Dockerfile', content: 'NEW\n' },
    ]);
    let calls = 0;
    const io: WriteIO = {
      ...nodeIO,
      async writeFile(file, data, options) {
        calls++;
        if (calls === 2) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        await nodeIO.writeFile(file, data, options);
      },
    };
    await assert.rejects(applyWrites(plan, io), (e: DockstackError) => e.code === 'E_WRITE' && /disk is full/.test(e.message));
    assert.equal(readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), 'OLD\n');
    assert.deepEqual(readdirSync(dir), ['Dockerfile']);
  });

  it('a failing rename restores the files already replaced', async function () {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a'), 'A0\n');
    writeFileSync(path.join(dir, 'b'), 'B0\n');
    const plan = await planWrites(dir, [
      { path: 'a', content: 'A1\n' },
      { path: 'b', content: 'B1\n' },
    ]);
    let renames = 0;
    const io: WriteIO = {
      ...nodeIO,
      async rename(from, to) {
        renames++;
        if (renames === 2) throw Object.assign(new Error('EIO'), { code: 'EIO' });
        await nodeIO.rename(from, to);
      },
    };
    await assert.rejects(applyWrites(plan, io), (e: DockstackError) => e.code === 'E_WRITE');
    assert.equal(readFileSync(path.join(dir, 'a'), 'utf8'), 'A0\n');
    assert.equal(readFileSync(path.join(dir, 'b'), 'utf8'), 'B0\n');
    assert.deepEqual(readdirSync(dir).sort(), ['a', 'b']);
  });
});
