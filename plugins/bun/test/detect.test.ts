import assert from 'node:assert/strict';
import path from 'node:path';
import { GENERATOR_VERSION, loadStack, render, resolveOptions } from '@dockstack/core';
import type { DetectResult } from '@dockstack/plugin-api';
import { chooseBunVersion } from '../src/bun-version.js';
import { detect } from '../src/detect.js';
import { bunBuildEntry, chooseStart, compileScript } from '../src/entry.js';
import { memoryView } from '@dockstack/testing';

const stackDir = path.resolve(import.meta.dirname, '..');
const SERVER = 'Bun.serve({ port: Number(process.env.PORT ?? 4000), fetch: () => new Response("hi") });\n';
const pkg = (value: Record<string, unknown>): string => JSON.stringify(value);

async function run(files: Record<string, string>): Promise<DetectResult> {
  const result = await detect(memoryView(files));
  assert.ok(result, 'detection returned null');
  return result;
}

describe('bun detection', function () {
  it('needs a Bun signal: lockfile, packageManager, bunfig, .bun-version, Bun types or bun scripts', async function () {
    assert.equal(await detect(memoryView({ 'index.ts': SERVER })), null);
    assert.equal(await detect(memoryView({ 'package.json': pkg({ name: 'x', scripts: { start: 'node x.js' } }) })), null);
    assert.equal((await run({ 'package.json': pkg({}), 'bun.lock': '{}' })).confidence, 0.9);
    assert.equal((await run({ 'package.json': pkg({ packageManager: 'bun@1.4.5' }) })).confidence, 0.75);
    assert.equal((await run({ 'package.json': pkg({ devDependencies: { '@types/bun': '1' } }) })).confidence, 0.55);
    assert.equal((await run({ 'package.json': pkg({ scripts: { dev: 'bun --watch index.ts' } }) })).confidence, 0.55);
  });

  it('prefers bun.lock over bun.lockb and says so; no lockfile installs without --frozen-lockfile', async function () {
    const both = await run({ 'package.json': pkg({}), 'bun.lock': '{}', 'bun.lockb': 'x' });
    assert.equal(both.options['lockfile'], 'bun.lock');
    assert.match((both.notes ?? []).join('\n'), /delete bun\.lockb/);
    assert.equal((await run({ 'package.json': pkg({}), 'bun.lockb': 'x' })).options['lockfile'], 'bun.lockb');
    const none = await run({ 'package.json': pkg({ packageManager: 'bun@1.4.5' }) });
    assert.equal(none.options['lockfile'], 'none');
    assert.match((none.notes ?? []).join('\n'), /commit bun\.lock/);
  });

  it('takes the Bun version from packageManager, .bun-version, then a narrow engines.bun', async function () {
    const v = async (files: Record<string, string>, json: Record<string, unknown>) =>
      (await chooseBunVersion(memoryView(files), json)).version;
    assert.equal(await v({ '.bun-version': '1.2.0' }, { packageManager: 'bun@1.3.14+sha512.abc' }), '1.3.14');
    assert.equal(await v({ '.bun-version': 'v1.2.21\n' }, {}), '1.2.21');
    assert.equal(await v({}, { engines: { bun: '~1.2.3' } }), '1.2');
    assert.equal(await v({}, { engines: { bun: '1.3.x' } }), '1.3');
    assert.equal(await v({}, { engines: { bun: '>=1.1.0' } }), undefined);
    assert.equal(await v({ '.bun-version': 'latest' }, {}), undefined);
    assert.match((await chooseBunVersion(memoryView({ '.bun-version': 'latest' }), {})).note ?? '', /not a version number/);
    assert.equal(await v({}, { packageManager: 'npm@10.0.0' }), undefined);
  });

  it('finds the entry from the start script, module, main, then common names', async function () {
    const start = async (files: Record<string, string>, json: Record<string, unknown>) => chooseStart(memoryView(files), json);
    assert.deepEqual(await start({}, { scripts: { start: 'bun run ./src/app.ts' } }), {
      entry: 'src/app.ts',
      why: 'the start script runs src/app.ts',
    });
    assert.equal((await start({}, { scripts: { start: 'bun --hot src/app.ts' } })).command, undefined);
    assert.equal((await start({}, { scripts: { start: 'bun --smol src/app.ts' } })).command, 'bun --smol src/app.ts');
    assert.equal((await start({ 'index.ts': '' }, { module: 'index.ts' })).entry, 'index.ts');
    assert.equal((await start({ 'src/server.ts': '' }, {})).entry, 'src/server.ts');
    const shell = await start({ 'index.ts': '' }, { scripts: { start: 'NODE_ENV=production bun index.ts && echo done' } });
    assert.equal(shell.command, 'bun run start');
    assert.match(shell.note ?? '', /needs a shell/);
    assert.match((await start({}, {})).note ?? '', /no entry file found/);
    // bun init --react's start script: NODE_ENV=production is the runtime's own ENV, so the entry runs directly
    assert.deepEqual(await start({}, { scripts: { start: 'NODE_ENV=production bun src/index.ts' } }), {
      entry: 'src/index.ts',
      why: 'the start script runs src/index.ts',
    });
    // any other leading assignment is no program: it needs the shell of `bun run start`, never an exec-form CMD
    assert.equal((await start({ 'index.ts': '' }, { scripts: { start: 'LOG_LEVEL=info bun x.ts --smol' } })).command, 'bun run start');
  });

  it('recognises a compile script and the file it compiles', async function () {
    assert.deepEqual(compileScript({ scripts: { 'build:bin': 'bun build --compile --minify ./src/cli.ts --outfile bin/cli' } }), {
      script: 'build:bin',
      entry: 'src/cli.ts',
    });
    assert.deepEqual(compileScript({ scripts: { build: 'bun build --outfile dist/app --compile src/main.ts' } }), {
      script: 'build',
      entry: 'src/main.ts',
    });
    assert.equal(compileScript({ scripts: { build: 'bun build ./src/index.ts --outdir dist' } }), undefined);
    assert.equal(bunBuildEntry('tsc --noEmit && bun build ./src/worker.ts --outdir dist --target bun'), 'src/worker.ts');
    const r = await run({
      'package.json': pkg({ scripts: { build: 'bun build --compile src/main.ts --outfile server' } }),
      'bun.lock': '{}',
      'src/main.ts': SERVER,
    });
    assert.equal(r.options['compile'], true);
    assert.equal(r.options['entrypoint'], 'src/main.ts');
    assert.equal(r.options['buildScript'], undefined, 'the compile script is not run again as a build script');
    assert.equal(r.options['port'], 4000);
  });

  it('tells servers from jobs, by the entry file or a server framework', async function () {
    const job = await run({ 'package.json': pkg({ module: 'job.ts' }), 'bun.lock': '{}', 'job.ts': 'console.log(1)\n' });
    assert.equal(job.options['server'], false);
    const hono = await run({
      'package.json': pkg({ module: 'app.ts', dependencies: { hono: '4' } }),
      'bun.lock': '{}',
      'app.ts': 'import { Hono } from "hono";\n',
    });
    assert.equal(hono.options['server'], true);
    const fetchExport = await run({
      'package.json': pkg({ module: 'app.ts' }),
      'bun.lock': '{}',
      'app.ts': 'export default {\n  port: 5000,\n  fetch() { return new Response("x"); },\n};\n',
    });
    assert.equal(fetchExport.options['server'], true);
    assert.equal(fetchExport.options['port'], 5000);
  });

  it('notes workspaces, an .npmrc and other lockfiles', async function () {
    const r = await run({
      'package.json': pkg({ workspaces: ['packages/*'] }),
      'bun.lock': '{}',
      '.npmrc': '//r/:_authToken=x',
      'package-lock.json': '{}',
    });
    const notes = (r.notes ?? []).join('\n');
    assert.match(notes, /workspaces/);
    assert.match(notes, /npmrc=true/);
    assert.match(notes, /package-lock\.json found too/);
  });

  it('renders signal handling, users and health checks per runtime', async function () {
    const stack = await loadStack(stackDir);
    const meta = { generatorVersion: GENERATOR_VERSION, regenerate: 'dockstack add bun --force' };
    const df = (values: Record<string, unknown>): string =>
      render(stack, resolveOptions(stack.schema, [{ source: 'test', values }]).values, meta).find((f) => f.path === 'Dockerfile')
        ?.content ?? '';
    const plain = df({});
    assert.match(plain, /ENTRYPOINT \["\/usr\/bin\/tini", "--"\]\nCMD \["bun", "run", "index\.ts"\]/);
    assert.match(plain, /USER 1000:1000/);
    assert.match(plain, /CMD \["bun", "-e"/);
    const compiled = df({ compile: true });
    assert.match(compiled, /FROM \$\{RUNTIME_IMAGE\} AS runtime/);
    assert.match(compiled, /ENTRYPOINT \["\/usr\/bin\/tini", "--", "\/app\/server"\]/);
    assert.doesNotMatch(compiled, /HEALTHCHECK/, 'distroless has no shell for a health check');
    assert.doesNotMatch(compiled, /AS deps/);
    const slim = df({ compile: true, compileRuntime: 'debian-slim' });
    assert.match(slim, /useradd --system --uid 65532/);
    assert.match(slim, /HEALTHCHECK[\s\S]*\/dev\/tcp\/127\.0\.0\.1\/\$\{PORT:-3000\}/);
    assert.doesNotMatch(df({ tini: false }), /tini/);
    assert.match(df({ lockfile: 'none' }), /bun install --no-save --production/);
    assert.doesNotMatch(df({ prodDependencies: false, devDependencies: false, compile: true }), /bun install/);
  });
});

describe('bun stack: a Vite app whose package manager is Bun', function () {
  const vite = {
    name: 'web',
    scripts: { dev: 'vite', build: 'tsc -b && vite build', preview: 'vite preview' },
    devDependencies: { vite: '^8.0.0' },
  };

  it('is a static site (nginx serves the build output on PORT), not `bun run <entry>`', async function () {
    const r = await run({ 'package.json': pkg(vite), 'bun.lock': '{}', 'index.html': '<div id="root"></div>', 'src/main.tsx': '' });
    assert.equal(r.options['static'], true);
    assert.equal(r.options['outputDir'], 'dist');
    assert.equal(r.options['buildScript'], 'build');
    const outDir = await run({
      'package.json': pkg(vite),
      'bun.lock': '{}',
      'vite.config.ts': "export default { build: { outDir: 'public_html' } }",
    });
    assert.equal(outDir.options['outputDir'], 'public_html');
    const mts = await run({
      'package.json': pkg(vite),
      'bun.lock': '{}',
      'vite.config.mts': "export default { build: { outDir: './dist/web' } }",
    });
    assert.equal(mts.options['outputDir'], 'dist/web');
    // a start script (a server of its own) or no `vite build` keeps the Bun runtime
    const served = await run({ 'package.json': pkg({ ...vite, scripts: { ...vite.scripts, start: 'bun server.ts' } }), 'bun.lock': '{}' });
    assert.equal(served.options['static'], undefined);
    const stack = await loadStack(stackDir);
    const meta = { generatorVersion: GENERATOR_VERSION, regenerate: 'dockstack add bun --force' };
    const df =
      render(stack, resolveOptions(stack.schema, [{ source: 'test', values: r.options }]).values, meta).find((f) => f.path === 'Dockerfile')
        ?.content ?? '';
    assert.match(df, /ARG NGINX_IMAGE=nginx:\$\{NGINX_VERSION\}-trixie/);
    assert.match(df, /RUN bun run build\n/);
    assert.match(
      df,
      /FROM \$\{NGINX_IMAGE\} AS runtime[\s\S]*COPY --link --from=build \/app\/dist \/usr\/share\/nginx\/html\nUSER 101:101\nEXPOSE 8080/,
    );
    assert.match(df, /CMD \["\/usr\/local\/bin\/nginx-start"\]/);
    assert.doesNotMatch(df, /AS deps|CMD \["bun"|tini/);
  });
});
