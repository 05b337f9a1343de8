import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DockstackError, StackStore, checkBundledOnly, loadIndex, readShippedIndex, uninstallStack } from '@dockstack/core';
import { tempDir } from './helpers.js';

function fakeInstall(store: StackStore, pkg: string, version: string, id: string): void {
  const dir = store.dirFor(pkg, version);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: pkg, version, dockstack: { id } }));
}

describe('registry install store and index source', function () {
  it('keeps versions side by side as <data>/stacks/<package>@<version>, scoped packages included', async function () {
    const store = new StackStore(tempDir());
    fakeInstall(store, 'dockstack-stack-a', '1.10.0', 'a');
    fakeInstall(store, 'dockstack-stack-a', '1.2.0', 'a');
    fakeInstall(store, '@acme/dockstack-stack-b', '0.1.0', 'b');
    mkdirSync(path.join(store.stacksDir, '.staging-x'), { recursive: true });
    const list = await store.list();
    assert.deepEqual(
      list.map((e) => `${e.package}@${e.version}:${e.id}`),
      ['@acme/dockstack-stack-b@0.1.0:b', 'dockstack-stack-a@1.2.0:a', 'dockstack-stack-a@1.10.0:a'],
    );
    assert.equal(list[0]?.dir, path.join(store.stacksDir, '@acme', 'dockstack-stack-b@0.1.0'));
  });

  it('activates a staging folder by rename and refuses to replace an installed version', async function () {
    const store = new StackStore(tempDir());
    const staging = await store.stage();
    writeFileSync(path.join(staging, 'package.json'), '{}');
    const dir = await store.activate(staging, '@acme/x', '1.0.0');
    assert.equal(dir, path.join(store.stacksDir, '@acme', 'x@1.0.0'));
    const again = await store.stage();
    await assert.rejects(store.activate(again, '@acme/x', '1.0.0'), /already installed/);
  });

  it('links @dockstack/plugin-api for installed detectors', async function () {
    const store = new StackStore(tempDir());
    await store.linkPluginApi();
    await store.linkPluginApi();
    const pkg = JSON.parse(
      readFileSync(path.join(store.stacksDir, 'node_modules', '@dockstack', 'plugin-api', 'package.json'), 'utf8'),
    ) as { name: string };
    assert.equal(pkg.name, '@dockstack/plugin-api');
  });

  it('uninstalls one version, a range, or all, and unlinks', async function () {
    const store = new StackStore(tempDir());
    for (const version of ['1.0.0', '1.1.0', '2.0.0']) fakeInstall(store, 'dockstack-stack-a', version, 'a');
    await store.writeLinks({ a: '/somewhere/a' });
    assert.deepEqual(
      (await uninstallStack('a@1.0.0', store)).removed.map((e) => e.version),
      ['1.0.0'],
    );
    assert.deepEqual(
      (await uninstallStack('dockstack-stack-a@^2', store)).removed.map((e) => e.version),
      ['2.0.0'],
    );
    const rest = await uninstallStack('a', store);
    assert.deepEqual(
      rest.removed.map((e) => e.version),
      ['1.1.0'],
    );
    assert.deepEqual(rest.unlinked, { id: 'a', dir: '/somewhere/a' });
    assert.deepEqual(readdirSync(store.stacksDir), []);
    await assert.rejects(uninstallStack('a', store), (e: unknown) => e instanceof DockstackError && e.code === 'E_STACK_NOT_FOUND');
  });

  it('refuses runtime dependencies that are not bundled', async function () {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ dependencies: { a: '1', b: '1' }, bundleDependencies: ['a'] }));
    await assert.rejects(checkBundledOnly(dir, 'x'), /not bundled: b/);
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ dependencies: { a: '1' }, bundleDependencies: true }));
    await checkBundledOnly(dir, 'x');
  });

  it('loadIndex: shipped without a URL; refresh, cache and one-line fallback with a URL', async function () {
    const cacheDir = tempDir();
    assert.equal((await loadIndex({ cacheDir })).source, 'shipped');
    const file = path.join(tempDir(), 'index.json');
    const remote = { formatVersion: 1, stacks: readShippedIndex().stacks.slice(0, 1) };
    writeFileSync(file, JSON.stringify(remote));
    const url = pathToFileURL(file).href;
    const fresh = await loadIndex({ cacheDir, url });
    assert.equal(fresh.source, 'remote');
    assert.equal(fresh.index.stacks.length, 1);
    assert.equal((await loadIndex({ cacheDir, url })).source, 'cache');
    writeFileSync(file, 'not json');
    const fallback = await loadIndex({ cacheDir, url, refresh: true });
    assert.equal(fallback.source, 'cache');
    assert.match(
      fallback.warning ?? '',
      /^could not refresh the stack index from file:.* \(the response is not JSON\); using the cached copy from /,
    );
    const nowhere = await loadIndex({ cacheDir: tempDir(), url: 'ftp://example.invalid/index.json' });
    assert.equal(nowhere.source, 'shipped');
    assert.match(nowhere.warning ?? '', /\(unsupported URL scheme ftp:\); using the copy shipped with dockstack$/);
  });
});
