import assert from 'node:assert/strict';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DockstackError, PLUGIN_API_VERSION, StackCatalog, loadStack, loadStackLazily, loadStacks } from '@dockstack/core';
import { stackDir, tempDir } from './helpers.js';

async function loadError(name: string): Promise<DockstackError> {
  try {
    await loadStack(stackDir(name));
  } catch (error) {
    assert.ok(error instanceof DockstackError, `expected a DockstackError, got ${String(error)}`);
    return error;
  }
  assert.fail(`${name} loaded but should not have`);
}

describe('loader', function () {
  it('loads a valid stack: manifest, schema, templates and partials in memory', async function () {
    const stack = await loadStack(stackDir('valid'));
    assert.equal(stack.id, 'mini');
    assert.equal(stack.version, '1.2.0');
    assert.deepEqual(Object.keys(stack.templates).sort(), ['.dockerignore', 'Dockerfile']);
    assert.ok('template/partials/run.ejs' in stack.templateFiles);
    assert.ok(stack.detectorPath?.endsWith('detect.js'));
  });

  it('refuses a stack whose API range does not admit the running API, saying which versions work', async function () {
    const error = await loadError('api-too-new');
    assert.equal(error.code, 'E_STACK_INCOMPATIBLE');
    assert.match(error.message, /needs plugin API \^2\.0\.0/);
    assert.match(error.message, new RegExp(`provides plugin API ${PLUGIN_API_VERSION.replace(/\./g, '\\.')}`));
    assert.match(error.details.hint ?? '', /\^1\.0\.0/);
    assert.match(error.details.hint ?? '', /plugin API 2\.x/);
    assert.equal(error.details.pointer, '/dockstack/apiRange');
  });

  it('refuses an option without a description, naming the pointer', async function () {
    const error = await loadError('bad-schema');
    assert.equal(error.code, 'E_STACK_INVALID');
    assert.match(error.message, /"version" has no description/);
    assert.equal(error.details.pointer, '/properties/version/description');
  });

  it('refuses a schema that ajv strict mode rejects (unknown keyword)', async function () {
    const error = await loadError('strict-violation');
    assert.match(error.message, /strict mode/);
    assert.match(error.message, /frobnicate/);
  });

  it('refuses a package without a dockstack manifest', async function () {
    const error = await loadError('no-manifest');
    assert.match(error.message, /no "dockstack" manifest/);
  });

  it('collects a broken stack error and keeps loading the others', async function () {
    const { stacks, errors } = await loadStacks([
      { dir: stackDir('api-too-new'), origin: 'test' },
      { dir: stackDir('valid'), origin: 'test' },
      { dir: stackDir('bad-schema'), origin: 'test' },
    ]);
    assert.deepEqual(
      stacks.map((s) => s.id),
      ['mini'],
    );
    assert.equal(errors.length, 2);
  });
});

describe('catalog', function () {
  it('finds by id and range, and suggests the closest id for a typo', async function () {
    const catalog = new StackCatalog([await loadStack(stackDir('valid'))]);
    assert.equal(catalog.get('mini').version, '1.2.0');
    assert.equal(catalog.get('mini@^1.1').version, '1.2.0');
    assert.throws(
      () => catalog.get('mini@^2'),
      (e: DockstackError) => e.code === 'E_STACK_NOT_FOUND' && /Installed: 1\.2\.0/.test(e.details.hint ?? ''),
    );
    assert.throws(
      () => catalog.get('mnii'),
      (e: DockstackError) => e.code === 'E_STACK_NOT_FOUND' && /Did you mean "mini"/.test(e.details.hint ?? ''),
    );
    assert.throws(
      () => catalog.get('mini@not a range!'),
      (e: DockstackError) => e.code === 'E_USAGE',
    );
  });
});

describe('loadStackLazily', function () {
  it('reads the manifest now and the schema and templates on first use, with the errors loadStack gives', async function () {
    const dir = path.join(tempDir(), 'mini');
    cpSync(stackDir('valid'), dir, { recursive: true });
    rmSync(path.join(dir, 'template', 'Dockerfile.ejs'));
    writeFileSync(path.join(dir, 'schema.json'), '{ not json');
    const eager = await loadStack(dir).then(
      () => undefined,
      (e: unknown) => e as DockstackError,
    );
    const lazy = await loadStackLazily(dir, 'bundled');
    assert.equal(lazy.id, 'mini');
    assert.throws(
      () => lazy.schema,
      (e: unknown) => e instanceof DockstackError && e.message === eager?.message && e.code === 'E_STACK_INVALID',
    );
    cpSync(path.join(stackDir('valid'), 'schema.json'), path.join(dir, 'schema.json'));
    assert.deepEqual(
      Object.keys(lazy.schema.properties).sort(),
      Object.keys((await loadStack(stackDir('valid'))).schema.properties).sort(),
    );
    const missing = await loadStack(dir).then(
      () => undefined,
      (e: unknown) => e as DockstackError,
    );
    assert.throws(
      () => lazy.templates,
      (e: unknown) => e instanceof DockstackError && e.message === missing?.message,
    );
  });
});
