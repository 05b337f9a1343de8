import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DockstackError, loadStack, optionSchemaKey, resolveCommonOptions, validatorFor } from '@dockstack/core';
import { stackDir, tempDir } from './helpers.js';

const REPO = path.resolve(import.meta.dirname, '..', '..', '..');
const SCRIPTS = {
  core: path.join(REPO, 'packages', 'core', 'scripts', 'validators.mjs'),
  cli: path.join(REPO, 'packages', 'cli', 'scripts', 'validators.mjs'),
};
const OUT = { core: path.join(REPO, 'packages', 'core', 'validators'), cli: path.join(REPO, 'packages', 'cli', 'validators') };

function check(which: 'core' | 'cli', out?: string): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [SCRIPTS[which], '--check', ...(out === undefined ? [] : ['--out', out])], {
    cwd: REPO,
    encoding: 'utf8',
  });
  return { status: r.status, stderr: r.stderr };
}

describe('precompiled validators', function () {
  this.timeout(60_000);

  for (const which of ['core', 'cli'] as const) {
    it(`${which}: the committed validators are what their schemas compile to now`, function () {
      const r = check(which);
      assert.equal(r.status, 0, r.stderr);
    });

    it(`${which}: a stale validator fails the check`, function () {
      const dir = tempDir();
      cpSync(OUT[which], dir, { recursive: true });
      const victim = readdirSync(dir).find((f) => f.endsWith('.cjs')) as string;
      // What an older schema compiles to: the same code with one limit changed.
      writeFileSync(path.join(dir, victim), readFileSync(path.join(dir, victim), 'utf8').replace(/"type"/, '"typ"'));
      const r = check(which, dir);
      assert.equal(r.status, 1);
      assert.match(r.stderr, new RegExp(`Stale precompiled validators: .*${victim.replace('.', '\\.')}`));
    });
  }

  it('the bundled stacks index names one validator per stack, keyed by the schema it came from', function () {
    const index = JSON.parse(readFileSync(path.join(OUT.cli, 'index.json'), 'utf8')) as Record<string, string>;
    const nodeDir = path.join(REPO, 'plugins', 'node');
    const file = path.join(nodeDir, 'schema.json');
    const schema = resolveCommonOptions(JSON.parse(readFileSync(file, 'utf8')) as unknown, file);
    assert.equal(index[optionSchemaKey(schema)], 'node.cjs');
    assert.equal(Object.keys(index).length, readdirSync(OUT.cli).filter((f) => f.endsWith('.cjs')).length);
  });
});

describe('option validators of other stacks: compiled once, cached by schema key', function () {
  it('writes the compiled validator under the cache dir and reads it back on the next load', async function () {
    const cacheDir = tempDir();
    const first = await loadStack(stackDir('valid'), 'linked', { cacheDir });
    const key = optionSchemaKey(first.schema);
    assert.deepEqual(readdirSync(cacheDir), [`${key}.cjs`]);
    assert.equal(validatorFor(first.schema)({ greeting: 'hi', port: 99999 }), false);
    // Prove the second load reads the cache: a cached validator with its own verdict is used as is.
    writeFileSync(
      path.join(cacheDir, `${key}.cjs`),
      'module.exports = function v(d) { v.errors = d.greeting === "hi" ? [{ instancePath: "/greeting", keyword: "x", params: {}, message: "cached" }] : null; return v.errors === null; };',
    );
    const second = await loadStack(stackDir('valid'), 'linked', { cacheDir });
    const validate = validatorFor(second.schema);
    assert.equal(validate({ greeting: 'hi' }), false);
    assert.equal(validate.errors?.[0]?.message, 'cached');
  });

  it('a precompiled validator is used only under its own key; other schemas compile as before', async function () {
    const seen: string[] = [];
    const stack = await loadStack(stackDir('valid'), 'bundled', { precompiled: (key) => (seen.push(key), undefined) });
    assert.deepEqual(seen, [optionSchemaKey(stack.schema)]);
    assert.equal(validatorFor(stack.schema)({ greeting: 'hi' }), true);
  });

  it('keeps the same errors: a strict-mode violation and a bad default are refused through the cache path too', async function () {
    const cacheDir = tempDir();
    for (const name of ['strict-violation', 'bad-schema']) {
      const plain = await loadStack(stackDir(name)).then(
        () => undefined,
        (e: unknown) => e as DockstackError,
      );
      const cached = await loadStack(stackDir(name), 'linked', { cacheDir }).then(
        () => undefined,
        (e: unknown) => e as DockstackError,
      );
      assert.ok(plain instanceof DockstackError, name);
      assert.equal(cached?.message, plain.message);
      assert.equal(cached?.details.pointer, plain.details.pointer);
    }
  });
});
