import assert from 'node:assert/strict';
import path from 'node:path';
import { GENERATOR_VERSION, loadStack, render, resolveOptions } from '@dockstack/core';
import type { DetectResult } from '@dockstack/plugin-api';
import { memoryView } from '@dockstack/testing';
import { detect, pnpmVersionFor } from '../src/detect.js';

const stackDir = path.resolve(import.meta.dirname, '..');
const server = 'require("http").createServer((q, s) => s.end("hi")).listen(process.env.PORT || 3000);\n';

async function run(files: Record<string, string>): Promise<DetectResult> {
  const result = await detect(memoryView({ 'server.js': server, ...files }));
  assert.ok(result, 'detection returned null');
  return result;
}

async function dockerfile(values: Record<string, unknown>): Promise<string> {
  const stack = await loadStack(stackDir);
  const meta = { generatorVersion: GENERATOR_VERSION, regenerate: 'dockstack add node --force' };
  return (
    render(stack, resolveOptions(stack.schema, [{ source: 'test', values }]).values, meta).find((f) => f.path === 'Dockerfile')?.content ??
    ''
  );
}

const pkg = (extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ name: 'app', scripts: { start: 'node server.js' }, dependencies: { express: '^5.0.0' }, ...extra });

describe('node stack: the package manager version pnpm or yarn would use', function () {
  it('pnpm without packageManager: the lockfile format names the pnpm that wrote it (6.0 is pnpm 8, which pnpm 10 refuses)', async function () {
    const v6 = await run({ 'package.json': pkg(), 'pnpm-lock.yaml': "lockfileVersion: '6.0'\n\nsettings:\n" });
    assert.equal(v6.options['packageManager'], 'pnpm');
    assert.equal(v6.options['packageManagerVersion'], '8');
    assert.match(await dockerfile(v6.options), /npm install --global pnpm@8\n/);
    assert.equal(pnpmVersionFor({}, "lockfileVersion: '5.4'\n")?.version, '7');
    assert.equal(pnpmVersionFor({}, 'lockfileVersion: 5.3\n')?.version, '6');
    assert.equal(pnpmVersionFor({}, "lockfileVersion: '6.1'\n")?.version, '8');
    // 9.0 is what pnpm 9 and 10 write: the current pnpm reads it, so nothing is pinned
    const v9 = await run({ 'package.json': pkg(), 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" });
    assert.equal(v9.options['packageManagerVersion'], undefined);
    assert.match(await dockerfile(v9.options), /npm install --global pnpm@10\n/);
  });

  it('pnpm: packageManager first, then engines.pnpm naming one major, then the lockfile', async function () {
    const field = await run({ 'package.json': pkg({ packageManager: 'pnpm@9.15.9' }), 'pnpm-lock.yaml': "lockfileVersion: '6.0'\n" });
    assert.equal(field.options['packageManagerVersion'], '9.15.9');
    const engines = await run({ 'package.json': pkg({ engines: { pnpm: '^9.1.0' } }), 'pnpm-lock.yaml': "lockfileVersion: '6.0'\n" });
    assert.equal(engines.options['packageManagerVersion'], '9');
    // a range that names no single major leaves the choice to the lockfile
    const range = await run({ 'package.json': pkg({ engines: { pnpm: '>=8' } }), 'pnpm-lock.yaml': "lockfileVersion: '6.0'\n" });
    assert.equal(range.options['packageManagerVersion'], '8');
  });

  it("yarn berry without .yarnrc.yml (corepack use yarn@4): no .yarnrc.yml mount, Plug'n'Play installs link node_modules", async function () {
    const lock = '__metadata:\n  version: 8\n  cacheKey: 10c0\n';
    const pnp = await run({ 'package.json': pkg({ packageManager: 'yarn@4.18.1' }), 'yarn.lock': lock });
    assert.equal(pnp.options['packageManager'], 'yarn-berry');
    assert.equal(pnp.options['yarnrc'], false);
    assert.equal(pnp.options['yarnPnp'], true);
    assert.match((pnp.notes ?? []).join('\n'), /Plug'n'Play: the image installs with nodeLinker node-modules/);
    const df = await dockerfile(pnp.options);
    assert.doesNotMatch(df, /\.yarnrc\.yml/);
    assert.match(df, /FROM \$\{NODE_IMAGE\} AS base\nWORKDIR \/app\n(#[^\n]*\n)+ENV YARN_NODE_LINKER=node-modules\n/);
    assert.match(df, /yarn workspaces focus --all --production/);

    const nm = await run({
      'package.json': pkg({ packageManager: 'yarn@4.18.1' }),
      'yarn.lock': lock,
      '.yarnrc.yml': 'nodeLinker: node-modules\n',
    });
    assert.equal(nm.options['yarnrc'], true);
    assert.equal(nm.options['yarnPnp'], undefined);
    const nmDf = await dockerfile(nm.options);
    assert.match(nmDf, /--mount=type=bind,source=\.yarnrc\.yml,target=\.yarnrc\.yml/);
    assert.doesNotMatch(nmDf, /YARN_NODE_LINKER/);

    const explicit = await run({
      'package.json': pkg({ packageManager: 'yarn@4.18.1' }),
      'yarn.lock': lock,
      '.yarnrc.yml': 'nodeLinker: pnp\n',
    });
    assert.equal(explicit.options['yarnPnp'], true);
    assert.match(await dockerfile(explicit.options), /--mount=type=bind,source=\.yarnrc\.yml[\s\S]*/);
  });
});
