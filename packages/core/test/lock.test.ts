import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  DockstackError,
  LOCK_FILE,
  StackCatalog,
  canonicalJson,
  checkProject,
  loadStack,
  lockEntry,
  lockedStack,
  readLock,
  render,
  serializeLock,
  sha512,
  stackIntegrity,
  type Lockfile,
} from '@dockstack/core';
import { stackDir, tempDir } from './helpers.js';

const META = { generator: '9.9.9', regenerate: 'dockstack add versioned --force' };

async function generated(dir: string, stackFolder = stackDir('versioned-1.0.0')): Promise<Lockfile> {
  const stack = await loadStack(stackFolder);
  const options = { debianVersion: '12', greeting: 'hi', port: 8080, legacy: false };
  const files = render(stack, options, { generatorVersion: META.generator, regenerate: META.regenerate });
  for (const f of files) writeFileSync(path.join(dir, f.path), f.content);
  const lock: Lockfile = { lockfileVersion: 1, services: { '.': lockEntry(stack, options, files, META) } };
  writeFileSync(path.join(dir, LOCK_FILE), serializeLock(lock));
  return lock;
}

describe('lock', function () {
  it('serializes with sorted keys at every level and no timestamps', async function () {
    const lock = await generated(tempDir());
    const text = serializeLock(lock);
    // Key order as written in the text (JSON.parse keeps it), checked independently of canonicalJson.
    const unsorted: string[] = [];
    const walk = (value: unknown, at: string): void => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}/${i}`));
      else if (value !== null && typeof value === 'object') {
        const keys = Object.keys(value);
        if (keys.join('\0') !== [...keys].sort().join('\0')) unsorted.push(`${at || '/'}: ${keys.join(', ')}`);
        for (const k of keys) walk((value as Record<string, unknown>)[k], `${at}/${k}`);
      }
    };
    walk(JSON.parse(text), '');
    assert.deepEqual(unsorted, []);
    assert.ok(text.endsWith('}\n') && text.includes('\n  "'), 'two-space indented, one final newline');
    // canonicalJson itself sorts what it is given, at every depth, arrays kept in order.
    assert.equal(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 2 } }, 0), '{"a":{"c":2,"d":[{"y":2,"z":1}]},"b":1}');
    assert.deepEqual(Object.keys(JSON.parse(text).services['.']), [
      'files',
      'generator',
      'integrity',
      'options',
      'package',
      'regenerate',
      'stack',
      'version',
    ]);
    assert.doesNotMatch(text, /20\d\d-\d\d-\d\d/);
  });

  it('integrity is stable and changes with a template line', async function () {
    const a = await loadStack(stackDir('versioned-1.0.0'));
    assert.equal(stackIntegrity(a), stackIntegrity(await loadStack(stackDir('versioned-1.0.0'))));
    assert.notEqual(stackIntegrity(a), stackIntegrity(await loadStack(stackDir('versioned-1.1.0'))));
    assert.match(stackIntegrity(a), /^sha512-[A-Za-z0-9+/]+=*$/);
  });

  it('round-trips through readLock', async function () {
    const dir = tempDir();
    const lock = await generated(dir);
    assert.deepEqual(await readLock(dir), JSON.parse(serializeLock(lock)));
    assert.equal(await readLock(tempDir()), undefined);
  });

  it('a malformed or invalid lock is E_LOCK naming the file', async function () {
    const dir = tempDir();
    writeFileSync(path.join(dir, LOCK_FILE), '{ "lockfileVersion": 1, ');
    await assert.rejects(readLock(dir), (e: DockstackError) => e.code === 'E_LOCK' && e.details.file === LOCK_FILE);
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ lockfileVersion: 1, services: { '.': { stack: 'x' } } }));
    await assert.rejects(readLock(dir), (e: DockstackError) => e.code === 'E_LOCK' && e.details.pointer === '/services/.');
  });

  it('a locked version that is not installed: what, where and how to fix', async function () {
    const lock = await generated(tempDir());
    const catalog = new StackCatalog([await loadStack(stackDir('versioned-1.1.0'))]);
    assert.throws(
      () => lockedStack(catalog, '.', lock.services['.'] as never),
      (e: DockstackError) =>
        e.code === 'E_LOCK' &&
        /pins stack versioned@1\.0\.0 for service "\."/.test(e.message) &&
        /installed: 1\.1\.0/.test(e.message) &&
        e.details.pointer === '/services/./version' &&
        /dockstack upgrade versioned/.test(e.details.hint ?? ''),
    );
  });

  describe('check', function () {
    it('passes when files match, flags a hand edit, and a moved template', async function () {
      const dir = tempDir();
      const lock = await generated(dir);
      const catalog = new StackCatalog([await loadStack(stackDir('versioned-1.0.0'))]);
      assert.equal((await checkProject(catalog, dir, lock)).drift, false);

      writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
      const edited = await checkProject(catalog, dir, lock);
      assert.equal(edited.drift, true);
      const file = edited.services[0]?.files.find((f) => f.path === 'Dockerfile');
      assert.deepEqual(
        { status: file?.status, userEdited: file?.userEdited, templateMoved: file?.templateMoved },
        { status: 'drift', userEdited: true, templateMoved: false },
      );

      const copy = path.join(tempDir(), 'versioned');
      cpSync(stackDir('versioned-1.0.0'), copy, { recursive: true });
      const dir2 = tempDir();
      const lock2 = await generated(dir2, copy);
      writeFileSync(path.join(copy, 'template', 'Dockerfile.ejs'), `${'<%= it.header %>'}\nFROM debian:12-slim\n`);
      const moved = await checkProject(new StackCatalog([await loadStack(copy)]), dir2, lock2);
      const f2 = moved.services[0]?.files.find((f) => f.path === 'Dockerfile');
      assert.deepEqual(
        { userEdited: f2?.userEdited, templateMoved: f2?.templateMoved, integrity: moved.services[0]?.integrity },
        { userEdited: false, templateMoved: true, integrity: false },
      );
      // The recorded hash is SHA-512 of the file as written (base64, SRI form), a known vector first.
      assert.equal(sha512('abc'), 'sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==');
      assert.equal(lock2.services['.']?.files['Dockerfile'], sha512(readFileSync(path.join(dir2, 'Dockerfile'), 'utf8')));
      assert.notEqual(sha512('a'), sha512('a\n'));
    });
  });
});
