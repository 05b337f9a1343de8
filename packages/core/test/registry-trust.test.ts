// Official trust is bound to the index's (id, version, integrity): an official package name alone
// never makes an unlisted version (or one listed without integrity) official.
import assert from 'node:assert/strict';
import { officialVersion, type IndexStack } from '@dockstack/core';

const entry = (official: boolean, versions: Array<{ version: string; integrity?: string }>): IndexStack =>
  ({ id: 'demo', package: '@dockstack/stack-demo', official, versions }) as unknown as IndexStack;

describe('registry trust: official only for what the index lists', () => {
  const listed = entry(true, [{ version: '1.0.0', integrity: 'sha512-abc' }, { version: '1.1.0' }]);

  it('a version the index lists with its integrity, under an official entry, is official', () => {
    assert.equal(officialVersion({ entry: listed }, '1.0.0'), true);
  });

  it('a version the index does not list is not official, although the entry is', () => {
    assert.equal(officialVersion({ entry: listed }, '9.9.9'), false);
  });

  it('a listed version without an integrity is not official', () => {
    assert.equal(officialVersion({ entry: listed }, '1.1.0'), false);
  });

  it('an entry the index does not mark official, or no entry at all, is never official', () => {
    assert.equal(officialVersion({ entry: entry(false, [{ version: '1.0.0', integrity: 'sha512-abc' }]) }, '1.0.0'), false);
    assert.equal(officialVersion({}, '1.0.0'), false);
  });
});
