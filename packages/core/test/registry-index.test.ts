import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { DockstackError, checkRegistrySource, readShippedIndex, validateIndex, type RegistryIndex } from '@dockstack/core';

const REPO = path.resolve(import.meta.dirname, '..', '..', '..');
const SOURCES = path.join(REPO, 'registry', 'stacks');

function indexError(data: unknown): DockstackError {
  try {
    validateIndex(data, 'test');
  } catch (error) {
    assert.ok(error instanceof DockstackError);
    return error;
  }
  assert.fail('the index was accepted');
}

describe('registry index (registry/index.json)', function () {
  let index: RegistryIndex;
  before(function () {
    index = readShippedIndex();
  });

  it('is valid against index.schema.json, with unique ids and packages', function () {
    const ids = index.stacks.map((s) => s.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(new Set(index.stacks.map((s) => s.package)).size, ids.length);
  });

  it('is sorted: stacks by id, versions ascending by semver', function () {
    const ids = index.stacks.map((s) => s.id);
    assert.deepEqual(ids, [...ids].sort());
    for (const s of index.stacks) {
      const versions = s.versions.map((v) => v.version);
      assert.deepEqual(versions, [...versions].sort(semver.compare), `${s.id} versions`);
    }
  });

  it('has one valid source file per stack, named after its id', function () {
    const files = readdirSync(SOURCES)
      .filter((f) => f.endsWith('.json'))
      .sort();
    assert.deepEqual(files, index.stacks.map((s) => `${s.id}.json`).sort());
    for (const file of files) {
      const data = JSON.parse(readFileSync(path.join(SOURCES, file), 'utf8')) as { id: string; official: boolean; path?: string };
      assert.deepEqual(checkRegistrySource(data), [], file);
      assert.equal(`${data.id}.json`, file);
      if (data.official) assert.ok(existsSync(path.join(REPO, data.path ?? '', 'package.json')), `${file}: ${data.path} exists`);
    }
  });

  it('describes each official stack as its plugin folder does: package, current version, plugin API range', function () {
    for (const file of readdirSync(SOURCES).filter((f) => f.endsWith('.json'))) {
      const source = JSON.parse(readFileSync(path.join(SOURCES, file), 'utf8')) as { id: string; official: boolean; path?: string };
      if (!source.official) continue;
      const pkg = JSON.parse(readFileSync(path.join(REPO, source.path ?? '', 'package.json'), 'utf8')) as {
        name: string;
        version: string;
        dockstack: { id: string; apiRange: string };
      };
      const entry = index.stacks.find((s) => s.id === source.id);
      assert.ok(entry, `${file}: no index entry (run \`node registry/build-index.mjs\`)`);
      assert.equal(pkg.dockstack.id, source.id, `${source.path}: manifest id`);
      assert.equal(entry.package, pkg.name);
      assert.equal(entry.official, true);
      const current = entry.versions.find((v) => v.version === pkg.version);
      assert.ok(current, `${pkg.name}@${pkg.version} is not in the index: run \`node registry/build-index.mjs\``);
      assert.equal(current.apiRange, pkg.dockstack.apiRange);
    }
  });

  it('is in sync with plugins/* and the source files: re-running the build script (deterministic packing) gives the same bytes', function () {
    this.timeout(180_000);
    const run = spawnSync(process.execPath, [path.join(REPO, 'registry', 'build-index.mjs'), '--check'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    assert.match(run.stdout, /is up to date/);
  });

  it('counts as engine-proven exactly the fixtures the README\'s proof table lists as engine (an `"engine": null` block is golden-only)', function () {
    const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| ([a-z0-9-]+)\/[a-z0-9-]+ \| (engine|golden only) \|/gm)];
    assert.ok(rows.length > 50, 'the README proof table has its rows');
    for (const entry of index.stacks.filter((s) => s.official)) {
      const proof = entry.versions[entry.versions.length - 1]?.proof;
      const mine = rows.filter((r) => r[1] === entry.id);
      assert.deepEqual(
        { fixtures: proof?.fixtures, engine: proof?.engine },
        { fixtures: mine.length, engine: mine.filter((r) => r[2] === 'engine').length },
        `${entry.id}: the index's proof counts differ from the README proof table (run \`node registry/build-index.mjs\`)`,
      );
    }
  });

  it('refuses duplicate ids, malformed integrity and unknown formats', function () {
    const stack = {
      id: 'dup',
      package: 'dockstack-stack-dup',
      displayName: 'Dup',
      description: 'A stack.',
      tags: [],
      detectHints: [],
      official: false,
      versions: [{ version: '1.0.0', integrity: `sha512-${'a'.repeat(86)}==`, apiRange: '^1.0.0', deprecated: false }],
    };
    assert.match(indexError({ formatVersion: 1, stacks: [stack, { ...stack, package: 'other' }] }).message, /duplicate id dup/);
    assert.match(
      indexError({ formatVersion: 1, stacks: [{ ...stack, versions: [{ ...stack.versions[0], integrity: 'sha1-abc' }] }] }).message,
      /does not match its schema: \/stacks\/0\/versions\/0\/integrity/,
    );
    assert.equal(indexError({ formatVersion: 2, stacks: [] }).code, 'E_REGISTRY');
  });
});
