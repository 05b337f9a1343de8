import assert from 'node:assert/strict';
import type { DetectResult } from '@dockstack/plugin-api';
import { memoryView } from '@dockstack/testing';
import { detect } from '../src/detect.js';

async function run(files: Record<string, string>): Promise<DetectResult> {
  const result = await detect(memoryView(files));
  assert.ok(result, 'detection returned null');
  return result;
}

const pkg = JSON.stringify({ name: 'web', scripts: { build: 'nx build' }, devDependencies: { vite: '^8.0.0', nx: '23.2.1' } });

describe('node stack: a Vite app’s output folder', function () {
  it("reads build.outDir from every config file Vite reads (Nx writes vite.config.mts, outDir './dist/<app>')", async function () {
    const nx = await run({
      'package.json': pkg,
      'package-lock.json': '{}',
      'vite.config.mts': "export default { build: { outDir: './dist/web' } }",
    });
    assert.equal(nx.options['framework'], 'spa');
    assert.equal(nx.options['outputDir'], 'dist/web');
    const cts = await run({
      'package.json': pkg,
      'package-lock.json': '{}',
      'vite.config.cts': "module.exports = { build: { outDir: 'public_html/' } }",
    });
    assert.equal(cts.options['outputDir'], 'public_html');
    const none = await run({ 'package.json': pkg, 'package-lock.json': '{}' });
    assert.equal(none.options['outputDir'], 'dist');
  });
});
