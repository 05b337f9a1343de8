import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createProjectView, detectStacks, loadStack, runIsolatedDetectors } from '@dockstack/core';
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
    const stacks = await Promise.all(['valid', 'detect-throws', 'detect-hangs'].map((n) => loadStack(stackDir(n), 'linked')));
    const started = Date.now();
    const report = await detectStacks(stacks, dir, { timeoutMs: 4000 });
    assert.ok(Date.now() - started < 12_000, 'bounded in time');
    assert.deepEqual(
      report.candidates.map((c) => c.stack.id),
      ['mini'],
    );
    const problems = Object.fromEntries(report.problems.map((p) => [p.stack, p.message]));
    assert.match(problems['thrower'] ?? '', /boom from detector/);
    assert.match(problems['hanger'] ?? '', /did not finish within 4000 ms/);
  });
});

describe('isolated detectors (stacks not bundled with the CLI)', function () {
  it('a community detector that hangs is cut off at its time limit; the ones after it (in a new worker) and the bundled ones still answer', async function () {
    this.timeout(20_000);
    const dir = tempDir();
    writeFileSync(path.join(dir, 'mini.txt'), 'hi');
    // A second answering community stack: the valid fixture under another id.
    const copy = path.join(tempDir(), 'mini2');
    cpSync(stackDir('valid'), copy, { recursive: true });
    const pkgFile = path.join(copy, 'package.json');
    writeFileSync(pkgFile, readFileSync(pkgFile, 'utf8').replace('"id": "mini"', '"id": "minitwo"'));
    const stacks = [
      await loadStack(stackDir('detect-hangs'), 'installed'),
      await loadStack(copy, 'linked'),
      await loadStack(stackDir('detect-throws'), 'path'),
      await loadStack(stackDir('valid'), 'bundled'),
    ];
    const started = Date.now();
    const report = await detectStacks(stacks, dir, { timeoutMs: 1500 });
    const took = Date.now() - started;
    assert.ok(took >= 1500, `waited for the time limit (${took} ms)`);
    assert.ok(took < 6000, `bounded in time (${took} ms)`);
    assert.deepEqual(
      report.candidates.map((c) => `${c.stack.id}/${c.stack.origin}`),
      ['mini/bundled', 'minitwo/linked'],
    );
    assert.deepEqual(report.problems, [
      { stack: 'hanger', message: 'detector did not finish within 1500 ms' },
      { stack: 'thrower', message: 'boom from detector' },
    ]);
  });

  it('runIsolatedDetectors answers in input order, one worker, each bounded', async function () {
    this.timeout(20_000);
    const dir = tempDir();
    writeFileSync(path.join(dir, 'mini.txt'), 'hi');
    const paths = ['detect-hangs', 'valid', 'detect-hangs', 'detect-throws'].map((n) =>
      path.join(stackDir(n), n === 'valid' ? 'detect.js' : 'detect.js'),
    );
    const replies = await runIsolatedDetectors(
      paths.map((detectorPath) => ({ detectorPath })),
      dir,
      { timeoutMs: 2500, budget: {} },
    );
    assert.deepEqual(
      replies.map((r) => (r.ok ? `ok ${r.result?.confidence}` : r.message)),
      ['detector did not finish within 2500 ms', 'ok 0.9', 'detector did not finish within 2500 ms', 'boom from detector'],
    );
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
    assert.deepEqual(
      (await view.list()).map((e) => e.kind),
      ['symlink', 'symlink'],
    );
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
