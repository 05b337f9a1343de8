import assert from 'node:assert/strict';
import path from 'node:path';
import {
  applyImagePolicy,
  baseImageRefs,
  DockstackError,
  loadStack,
  pinDockerfile,
  pinTargets,
  render,
  resolveOptions,
  withImagePolicy,
  type LoadedStack,
} from '@dockstack/core';

const PLUGINS = path.resolve(import.meta.dirname, '../../../plugins');
const AT = new Date('2026-12-04T00:00:00Z');
const stacks: Record<string, LoadedStack> = {};
const stack = async (id: string): Promise<LoadedStack> => (stacks[id] ??= await loadStack(path.join(PLUGINS, id)));
const police = async (id: string, values: Record<string, unknown>) => {
  const s = await stack(id);
  return withImagePolicy(s, resolveOptions(s.schema, [{ source: 'flag --set', values }]), AT);
};

describe('image policy', () => {
  it('keeps a published combination as asked', async () => {
    const r = await police('python', { pythonVersion: '3.13', debianRelease: 'trixie' });
    assert.equal(r.images?.refs['PYTHON_IMAGE'], 'python:3.13-slim-trixie');
    assert.deepEqual(r.images?.notes, []);
  });

  it('moves the OS variant when the version was never published on the one asked for, and says so', async () => {
    const r = await police('python', { pythonVersion: '3.12.3', debianRelease: 'trixie' });
    assert.equal(r.images?.refs['PYTHON_IMAGE'], 'python:3.12.3-slim-bookworm');
    assert.equal(r.values['debianRelease'], 'bookworm');
    assert.equal(r.sources['debianRelease'], 'image policy');
    assert.ok(r.images?.notes.some((n) => n.kind === 'nearest' && /python:3\.12\.3-slim-trixie was never published/.test(n.message)));
  });

  it('warns on an end-of-life line with its date and the supported lines', async () => {
    const r = await police('python', { pythonVersion: '3.8' });
    assert.equal(r.images?.refs['PYTHON_IMAGE'], 'python:3.8-slim-bookworm');
    const eol = r.images?.notes.find((n) => n.kind === 'eol' && n.message.startsWith('python 3.8'));
    assert.match(eol?.message ?? '', /end of life on 2024-10-07; supported lines: 3\.14, 3\.13, 3\.12, 3\.11/);
    const node = await police('node', { nodeVersion: '20' });
    assert.ok(node.images?.notes.some((n) => n.kind === 'eol' && /node 20 reached end of life on 2026-04-30/.test(n.message)));
  });

  it('fails naming the tags that exist when no variant was ever published', async () => {
    await assert.rejects(police('go', { goVersion: '1.12', debianRelease: 'trixie' }), (e: unknown) => {
      assert.ok(e instanceof DockstackError);
      assert.match(e.message, /golang:1\.12-trixie was never published/);
      assert.match(e.details.hint ?? '', /1\.12.*-(buster|stretch|bullseye)|Tags of golang that exist/);
      return true;
    });
  });

  it('reads FROM and COPY --from references through ARGs, skipping stages', () => {
    const df =
      'ARG V=1\nARG A_IMAGE=node:${V}-slim\nFROM ${A_IMAGE} AS base\nFROM base AS build\nCOPY --from=busybox:1 /bin/sh /sh\nCOPY --from=build /a /b\nFROM scratch\n';
    assert.deepEqual(baseImageRefs(df), ['node:1-slim', 'busybox:1']);
  });

  it('pins ARG images to digests, and re-pins over an old digest', () => {
    const d1 = 'sha256:' + 'a'.repeat(64);
    const d2 = 'sha256:' + 'b'.repeat(64);
    const df = 'ARG V=24\nARG NODE_IMAGE=node:${V}-trixie-slim\nFROM ${NODE_IMAGE} AS base\n';
    assert.deepEqual(pinTargets(df), [{ arg: 'NODE_IMAGE', ref: 'node:24-trixie-slim' }]);
    const once = pinDockerfile(df, { 'node:24-trixie-slim': d1 });
    assert.match(once, new RegExp(`^ARG NODE_IMAGE=node:24-trixie-slim@${d1}$`, 'm'));
    assert.match(pinDockerfile(once, { 'node:24-trixie-slim': d2 }), new RegExp(`^ARG NODE_IMAGE=node:24-trixie-slim@${d2}$`, 'm'));
  });

  it('is the same policy for every caller: render stays pure', async () => {
    const s = await stack('node');
    const values = resolveOptions(s.schema, []).values;
    const meta = { generatorVersion: '0', regenerate: 'x' };
    const a = applyImagePolicy(s, values, (v) => render(s, v, meta), AT);
    const b = applyImagePolicy(s, values, (v) => render(s, v, meta), AT);
    assert.deepEqual(a.images, b.images);
    assert.deepEqual(a.images, { NODE_IMAGE: 'node:24-trixie-slim' });
  });
});
