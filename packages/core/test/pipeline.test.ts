import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  DockstackError,
  StackCatalog,
  detectStacks,
  loadStack,
  plan,
  regenerateCommand,
  renderLocked,
  resolveOptions,
  type LoadedStack,
} from '@dockstack/core';
import { stackDir, tempDir } from './helpers.js';

describe('pipeline', function () {
  let stack: LoadedStack;
  let catalog: StackCatalog;
  before(async function () {
    stack = await loadStack(stackDir('valid'));
    catalog = new StackCatalog([stack]);
  });

  const project = (greeting: string): string => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'mini.txt'), `${greeting}\n`);
    return dir;
  };

  it('plan: picks the stack, detects, parses --set once by type, resolves, renders and makes the lock entry', async function () {
    const root = project('hello');
    const p = await plan({ path: '.', stack: 'mini', set: ['port=81', 'debug=true'] }, { catalog, root, generatorVersion: '9.9.9' });
    assert.equal(p.options.values['greeting'], 'hello');
    assert.equal(p.options.sources['greeting'], 'detection');
    assert.equal(p.options.sources['port'], 'flag --set');
    assert.deepEqual(p.chosen, { port: 81, debug: true });
    assert.equal(p.entry.regenerate, 'dockstack add mini --set port=81 --set debug=true --force');
    assert.deepEqual(Object.keys(p.entry.files).sort(), p.files.map((f) => f.path).sort());
    assert.equal(p.fromLock, false);
  });

  it("plan: with the lock entry it made, the output is the lock's byte for byte (header facts reused)", async function () {
    const root = project('hello');
    const first = await plan({ path: '.', stack: 'mini', set: ['port=81'] }, { catalog, root, generatorVersion: '1.0.0' });
    const again = await plan(
      { path: '.', stack: 'mini', set: ['port=81'], locked: first.entry },
      { catalog, root, generatorVersion: '2.0.0' },
    );
    assert.equal(again.fromLock, true);
    assert.deepEqual(again.files, first.files);
    assert.deepEqual(renderLocked(stack, first.entry), first.files);
    const moved = await plan(
      { path: '.', stack: 'mini', set: ['port=82'], locked: first.entry },
      { catalog, root, generatorVersion: '2.0.0' },
    );
    assert.equal(moved.fromLock, false);
    assert.equal(moved.entry.generator, '2.0.0');
  });

  it('plan: prompts only for important options nobody decided, and saves the answers as chosen', async function () {
    const root = project('hello');
    const asked: string[][] = [];
    const p = await plan(
      { path: '.', stack: 'mini' },
      { catalog, root, generatorVersion: '9.9.9', ask: async (_c, keys) => (asked.push(keys), { version: '2.0' }) },
    );
    assert.deepEqual(asked, [['version']]);
    assert.equal(p.options.sources['version'], 'prompt');
    assert.deepEqual(p.chosen, { version: '2.0' });
  });

  it('regenerate command: quotes values and a --path that a shell would split', function () {
    const resolved = resolveOptions(stack.schema, [
      { source: 'detection', values: { greeting: 'x y' } },
      { source: 'flag --set', values: { greeting: "it's", port: 90 } },
    ]);
    assert.equal(
      regenerateCommand(stack, resolved, 'services/my api'),
      `dockstack add mini --path 'services/my api' --set port=90 --set 'greeting=it'\\''s' --force`,
    );
  });
});

describe('detected values checked against the schema', function () {
  it('drops a proposal that breaks a rule, naming the file, the value and the rule; the next layer applies', async function () {
    const stack = await loadStack(stackDir('valid'));
    const dir = tempDir();
    const long = 'x'.repeat(50);
    writeFileSync(path.join(dir, 'mini.txt'), long);
    const report = await detectStacks([stack], dir);
    assert.deepEqual(report.candidates[0]?.result.options, {});
    assert.deepEqual(report.candidates[0]?.result.why, {});
    const problem = report.problems[0];
    assert.deepEqual(problem?.dropped, {
      option: 'greeting',
      value: long,
      rule: 'must NOT have more than 40 characters',
      file: 'mini.txt',
    });
    assert.match(problem?.message ?? '', /greeting = "x{50}" \(from mini\.txt\), which must NOT have more than 40 characters: dropped/);
    const p = await plan({ path: '.', stack, set: ['greeting=hi'] }, { root: dir, generatorVersion: '9.9.9' });
    assert.equal(p.options.values['greeting'], 'hi');
    await assert.rejects(
      plan({ path: '.', stack }, { root: dir, generatorVersion: '9.9.9' }),
      (e: DockstackError) => e.code === 'E_OPTIONS_MISSING',
    );
  });

  it('drops a value holding a control character', async function () {
    const stack = await loadStack(stackDir('valid'));
    const dir = tempDir();
    writeFileSync(path.join(dir, 'mini.txt'), 'a\u0007b');
    const report = await detectStacks([stack], dir);
    assert.equal(report.problems[0]?.dropped?.rule, 'holds a newline or control character');
  });

  it('keeps a valid proposal and reports nothing', async function () {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'mini.txt'), 'fine');
    const report = await detectStacks([await loadStack(stackDir('valid'))], dir);
    assert.deepEqual(report.problems, []);
    assert.deepEqual(report.candidates[0]?.result.options, { greeting: 'fine' });
  });
});
