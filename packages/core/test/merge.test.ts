import assert from 'node:assert/strict';
import { hasConflictMarkers, mergeThreeWay, runMigrations, loadStack } from '@dockstack/core';
import { stackDir } from './helpers.js';

const LABELS = { ours: 'ours', base: 'base', theirs: 'theirs' };
const BASE = 'a\nb\nc\nd\ne\nf\n';

describe('three-way merge', function () {
  it('keeps a change made on one side only', function () {
    assert.deepEqual(mergeThreeWay(BASE, BASE, 'a\nB\nc\nd\ne\nf\n', LABELS), { content: 'a\nB\nc\nd\ne\nf\n', conflicts: 0 });
    assert.deepEqual(mergeThreeWay('a\nb\nc\nd\ne\nf\nmine\n', BASE, BASE, LABELS), { content: 'a\nb\nc\nd\ne\nf\nmine\n', conflicts: 0 });
  });

  it("combines the user's edit with the template's change", function () {
    const out = mergeThreeWay('a\nb\nc\nd\ne\nmine\nf\n', BASE, 'a\nB\nc\nd\ne\nf\n', LABELS);
    assert.deepEqual(out, { content: 'a\nB\nc\nd\ne\nmine\nf\n', conflicts: 0 });
  });

  it('takes the same change once', function () {
    assert.deepEqual(mergeThreeWay('a\nX\nc\nd\ne\nf\n', BASE, 'a\nX\nc\nd\ne\nf\n', LABELS).conflicts, 0);
  });

  it('wraps a conflict in git diff3-style markers', function () {
    const out = mergeThreeWay('a\nmine\nc\nd\ne\nf\n', BASE, 'a\ntheirs\nc\nd\ne\nf\n', LABELS);
    assert.equal(out.conflicts, 1);
    assert.equal(out.content, 'a\n<<<<<<< ours\nmine\n||||||| base\nb\n=======\ntheirs\n>>>>>>> theirs\nc\nd\ne\nf\n');
    assert.ok(hasConflictMarkers(out.content));
    assert.ok(!hasConflictMarkers(BASE));
  });
});

describe('option migrations', function () {
  it('run the versions in (from, to], report what changed, and leave the input alone', async function () {
    const target = await loadStack(stackDir('versioned-2.0.0'));
    const input = Object.freeze({ greeting: 'hi', legacy: true, port: 80 });
    const out = await runMigrations(target, '1.1.0', input);
    assert.deepEqual(out.options, { port: 80, message: 'hi' });
    assert.deepEqual(out.applied, [
      {
        version: '2.0.0',
        description: 'greeting is renamed to message; legacy is removed',
        changes: ['removed "greeting"', 'removed "legacy"', 'added "message" = "hi"'],
      },
    ]);
    assert.deepEqual((await runMigrations(target, '2.0.0', input)).applied, []);
  });
});
