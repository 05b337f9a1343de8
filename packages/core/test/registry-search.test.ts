import assert from 'node:assert/strict';
import {
  DockstackError,
  PLUGIN_API_VERSION,
  chooseVersion,
  newestCompatible,
  resolveSpec,
  searchIndex,
  type IndexStack,
  type PublishedPackage,
  type RegistryIndex,
} from '@dockstack/core';

const integrity = `sha512-${'A'.repeat(86)}==`;
const v = (version: string, apiRange = '^1.0.0', deprecated = false) => ({ version, integrity, apiRange, deprecated });
const stack = (id: string, extra: Partial<IndexStack> = {}): IndexStack => ({
  id,
  package: `dockstack-stack-${id}`,
  displayName: id,
  description: `The ${id} stack.`,
  tags: [],
  detectHints: [],
  official: false,
  versions: [v('1.0.0')],
  ...extra,
});
const INDEX: RegistryIndex = {
  formatVersion: 1,
  stacks: [
    stack('go', { tags: ['golang'], detectHints: ['go.mod'], official: true, package: '@dockstack/stack-go' }),
    stack('python', { description: 'Django, Flask and FastAPI apps.', tags: ['django'] }),
    stack('rust', { description: 'Crates built with cargo.' }),
    stack('static-site', { description: 'Static sites served by nginx.', tags: ['html'] }),
  ],
};

function thrown(fn: () => unknown): DockstackError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof DockstackError);
    return error;
  }
  assert.fail('expected an error');
}

describe('registry search and version choice', function () {
  it('matches whole words and word prefixes, not substrings inside words', function () {
    assert.deepEqual(
      searchIndex(INDEX, 'go').map((h) => h.stack.id),
      ['go'],
    );
    assert.deepEqual(
      searchIndex(INDEX, 'djan').map((h) => h.stack.id),
      ['python'],
    );
    assert.deepEqual(
      searchIndex(INDEX, 'go.mod').map((h) => h.stack.id),
      ['go'],
    );
    assert.deepEqual(
      searchIndex(INDEX, 'STATIC nginx').map((h) => h.stack.id),
      ['static-site'],
    );
    assert.deepEqual(searchIndex(INDEX, 'static java'), []);
    assert.equal(searchIndex(INDEX, '').length, 4);
  });

  it('ranks an id match above a description match', function () {
    const index: RegistryIndex = { formatVersion: 1, stacks: [stack('aaa', { description: 'Works with rust too.' }), stack('rust')] };
    assert.deepEqual(
      searchIndex(index, 'rust').map((h) => h.stack.id),
      ['rust', 'aaa'],
    );
  });

  it('newestCompatible skips deprecated versions and those needing another plugin API', function () {
    assert.equal(
      newestCompatible(stack('x', { versions: [v('1.0.0'), v('1.1.0', '^1.0.0', true), v('2.0.0', '^99.0.0')] }))?.version,
      '1.0.0',
    );
    assert.equal(newestCompatible(stack('x', { versions: [v('2.0.0', '^99.0.0')] })), undefined);
  });

  it('resolves ids through the index, package names as given, else dockstack-stack-<id>', function () {
    assert.deepEqual(resolveSpec('go@^1', INDEX), { package: '@dockstack/stack-go', entry: INDEX.stacks[0], via: 'index', range: '^1' });
    assert.equal(resolveSpec('@dockstack/stack-go', INDEX).via, 'package');
    assert.deepEqual(resolveSpec('elixir', INDEX), { package: 'dockstack-stack-elixir', via: 'convention' });
    assert.deepEqual(resolveSpec('@acme/dockstack-stack-x@1.2.3', INDEX), {
      package: '@acme/dockstack-stack-x',
      via: 'package',
      range: '1.2.3',
    });
    assert.equal(thrown(() => resolveSpec('Not_An_Id', INDEX)).code, 'E_USAGE');
  });

  const published = (versions: PublishedPackage['versions'], latest?: string): PublishedPackage => ({
    name: 'dockstack-stack-x',
    registry: 'http://127.0.0.1:1/',
    versions,
    distTags: latest === undefined ? {} : { latest },
  });

  it('chooses the newest version in range that admits the running plugin API', function () {
    const pkg = published(
      [
        { version: '1.0.0', apiRange: '^1.0.0' },
        { version: '1.1.0', apiRange: '^1.0.0' },
        { version: '2.0.0', apiRange: '^99.0.0' },
      ],
      '2.0.0',
    );
    assert.equal(chooseVersion(pkg, undefined).version, '1.1.0');
    assert.equal(chooseVersion(pkg, '~1.0').version, '1.0.0');
    const error = thrown(() => chooseVersion(pkg, 'latest'));
    assert.equal(error.code, 'E_STACK_INCOMPATIBLE');
    assert.deepEqual(error.details.data?.['compatible'], ['1.0.0', '1.1.0']);
    assert.match(
      error.details.hint ?? '',
      new RegExp(`Versions that work with plugin API ${PLUGIN_API_VERSION.replace(/\./g, '\\.')}: 1\\.0\\.0, 1\\.1\\.0`),
    );
  });

  it('prefers versions that are not deprecated; refuses packages without a manifest and empty ranges', function () {
    assert.equal(
      chooseVersion(
        published([
          { version: '1.0.0', apiRange: '^1.0.0' },
          { version: '1.1.0', apiRange: '^1.0.0', deprecated: 'broken' },
        ]),
        undefined,
      ).version,
      '1.0.0',
    );
    assert.equal(thrown(() => chooseVersion(published([{ version: '1.0.0' }]), undefined)).code, 'E_STACK_INVALID');
    const none = thrown(() => chooseVersion(published([{ version: '1.0.0', apiRange: '^1.0.0' }]), '^3'));
    assert.equal(none.code, 'E_STACK_NOT_FOUND');
    assert.match(none.details.hint ?? '', /Published: 1\.0\.0/);
    assert.equal(thrown(() => chooseVersion(published([{ version: '1.0.0', apiRange: '^1.0.0' }]), 'not a range!')).code, 'E_USAGE');
  });
});
