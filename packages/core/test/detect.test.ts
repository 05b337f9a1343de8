import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createProjectView, detectStacks, loadStack } from '@dockstack/core';
import { stackDir, tempDir } from './helpers.js';

describe('detection', function () {
  it('returns candidates with confidence, reasons and proposed options', async function () {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'mini.txt'), 'hello\n');
    const report = await detectStacks([await loadStack(stackDir('valid'))], dir);
    assert.equal(report.candidates.length, 1);
    assert.equal(report.candidates[0]?.result.confidence, 0.9);
    assert.deepEqual(report.candidates[0]?.result.options, { greeting: 'hello' });
    assert.deepEqual(report.candidates[0]?.result.reasons, [{ file: 'mini.txt', says: 'present' }]);
  });

  it('isolates a detector that throws and one that hangs; the others still answer', async function () {
    this.timeout(15_000);
    const dir = tempDir();
    writeFileSync(path.join(dir, 'mini.txt'), 'hi');
    const stacks = await Promise.all(['valid', 'detect-throws', 'detect-hangs'].map((n) => loadStack(stackDir(n))));
    const started = Date.now();
    const report = await detectStacks(stacks, dir, { timeoutMs: 4000 });
    assert.ok(Date.now() - started < 12_000, 'bounded in time');
    assert.deepEqual(report.candidates.map((c) => c.stack.id), ['mini']);
    const problems = Object.fromEntries(report.problems.map((p) => [p.stack, p.message]));
    assert.match(problems['thrower'] ?? '', /boom from detector/);
    assert.match(problems['hanger'] ?? '', /did not finish within 4000 ms/);
  });
});

describe('project view', function () {
  it('never reads outside the project, through .. or symlinks', async function () {
    const outside = tempDir();
    writeFileSync(path.join(outside, 'secret.txt'), 'secret');
    const dir = tempDir();
    symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'link.txt'));
    const view = createProjectView(dir);
    assert.equal(await view.readText('../' + path.basename(outside) + '/secret.txt'), undefined);
    assert.equal(await view.readText('link.txt'), undefined);
    assert.equal(await view.readText(path.join(outside, 'secret.txt')), undefined);
  });

  it('survives a symlink loop', async function () {
    const dir = tempDir();
    symlinkSync(path.join(dir, 'b'), path.join(dir, 'a'));
    symlinkSync(path.join(dir, 'a'), path.join(dir, 'b'));
    const view = createProjectView(dir);
    assert.equal(await view.readText('a'), undefined);
    assert.equal(await view.exists('a'), false);
    assert.deepEqual((await view.list()).map((e) => e.kind), ['symlink', 'symlink']);
  });

  it('stays within its file and entry budget on a huge tree', async function () {
    const dir = tempDir();
    for (let i = 0; i < 300; i++) writeFileSync(path.join(dir, `f${i}.txt`), 'x');
    mkdirSync(path.join(dir, 'sub'));
    const view = createProjectView(dir, { maxFiles: 10, maxEntries: 50 });
    const entries = await view.list();
    assert.equal(entries.length, 50);
    let read = 0;
    for (let i = 0; i < 300; i++) if ((await view.readText(`f${i}.txt`)) !== undefined) read++;
    assert.equal(read, 10);
    assert.equal(view.stats.filesRead, 10);
    assert.ok(view.stats.truncated.includes('file budget spent'));
  });
});
