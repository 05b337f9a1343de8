import assert from 'node:assert/strict';
import path from 'node:path';
import { GENERATOR_VERSION, loadStack, render, resolveOptions } from '@dockstack/core';
import type { DetectResult } from '@dockstack/plugin-api';
import { memoryView } from '@dockstack/testing';
import { detect } from '../src/detect.js';

const stackDir = path.resolve(import.meta.dirname, '..');
const pkg = (devDependencies: Record<string, string>): string =>
  JSON.stringify({
    name: 'kit',
    scripts: { build: 'vite build' },
    devDependencies: { '@sveltejs/kit': '^2.0.0', vite: '^7.0.0', ...devDependencies },
  });

async function run(files: Record<string, string>): Promise<DetectResult> {
  const result = await detect(memoryView(files));
  assert.ok(result, 'detection returned null');
  return result;
}

describe('node stack: SvelteKit without adapter-node', function () {
  it('notes that adapter-auto builds no server and names adapter-node; with adapter-node, no note', async function () {
    const auto = await run({ 'package.json': pkg({ '@sveltejs/adapter-auto': '^7.0.0' }), 'package-lock.json': '{}' });
    assert.equal(auto.options['framework'], 'sveltekit');
    assert.match((auto.notes ?? []).join('\n'), /adapter-auto writes no server.*install @sveltejs\/adapter-node/);
    const node = await run({ 'package.json': pkg({ '@sveltejs/adapter-node': '^5.0.0' }), 'package-lock.json': '{}' });
    assert.equal(node.options['framework'], 'sveltekit');
    assert.doesNotMatch((node.notes ?? []).join('\n'), /adapter-node/);
  });

  it('fails the build step when `node build` would find no build/index.js; a custom start command is left alone', async function () {
    const stack = await loadStack(stackDir);
    const meta = { generatorVersion: GENERATOR_VERSION, regenerate: 'dockstack add node --force' };
    const df = (values: Record<string, unknown>): string =>
      render(stack, resolveOptions(stack.schema, [{ source: 'test', values }]).values, meta).find((f) => f.path === 'Dockerfile')
        ?.content ?? '';
    const guard =
      /RUN npm run build \\\n && if \[ ! -f build\/index\.js \]; then echo 'error: build\/index\.js missing[^\n]*>&2; exit 1; fi \\\n && rm -rf node_modules/;
    assert.match(df({ framework: 'sveltekit', buildScript: 'build' }), guard);
    assert.match(df({ framework: 'sveltekit', buildScript: 'build' }), /CMD \["node", "build"\]/);
    const custom = df({ framework: 'sveltekit', buildScript: 'build', startCommand: 'node out/index.js' });
    assert.doesNotMatch(custom, /build\/index\.js missing/);
    assert.doesNotMatch(df({ framework: 'express', buildScript: 'build' }), /build\/index\.js missing/);
  });
});
