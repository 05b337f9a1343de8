import assert from 'node:assert/strict';
import path from 'node:path';
import { GENERATOR_VERSION, loadStack, render, resolveOptions } from '@dockstack/core';
import type { DetectResult } from '@dockstack/plugin-api';
import { remoteImports, taskCommand, type DenoConfig } from '../src/config.js';
import { chooseDenoVersion } from '../src/deno-version.js';
import { detect } from '../src/detect.js';
import { parseDenoCommand } from '../src/task.js';
import { memoryView } from '@dockstack/testing';

const stackDir = path.resolve(import.meta.dirname, '..');
const SERVER = 'Deno.serve({ port: Number(Deno.env.get("PORT") ?? 8080) }, () => new Response("hi"));\n';

async function run(files: Record<string, string>): Promise<DetectResult> {
  const result = await detect(memoryView(files));
  assert.ok(result, 'detection returned null');
  return result;
}

describe('deno detection', function () {
  it('needs deno.json(c), deno.lock, .dvmrc or a deno line in .tool-versions', async function () {
    assert.equal(await detect(memoryView({ 'main.ts': SERVER })), null);
    assert.equal(await detect(memoryView({ 'main.ts': SERVER, '.tool-versions': 'nodejs 22.1.0\n' })), null);
    assert.equal((await run({ 'deno.json': '{}', 'main.ts': SERVER })).confidence, 0.9);
    assert.equal((await run({ 'deno.lock': '{}', 'main.ts': SERVER })).confidence, 0.85);
    assert.equal((await run({ '.dvmrc': '2.9.6', 'main.ts': SERVER })).confidence, 0.6);
  });

  it('without a config or lockfile: an entry importing jsr:/npm: specifiers is Deno (0.7, with a note); a plain string is not', async function () {
    const r = await run({ 'src/main.ts': 'import { Hono } from "npm:hono@4";\n' + SERVER });
    assert.equal(r.confidence, 0.7);
    assert.deepEqual(r.reasons[0], { file: 'src/main.ts', says: 'imports npm: specifiers (Deno resolves them; Node.js does not)' });
    assert.match((r.notes ?? []).join('\n'), /without a deno\.json or deno\.lock/);
    assert.equal((await run({ 'server.ts': 'const m = await import("jsr:@std/path");\n' })).reasons[0]?.file, 'server.ts');
    assert.equal(await detect(memoryView({ 'main.ts': 'const s = "see jsr:@std/http";\n' + SERVER })), null);
  });

  it('reads JSONC config: comments, trailing commas, strings that look like comments, object tasks', async function () {
    const config = await memoryView({
      'deno.jsonc':
        '\uFEFF{\n // c\n "tasks": { "start": { "command": "deno run -A \\"x\\" main.ts", }, },\n /* b */ "imports": { "u": "https://example.com/a//b.ts", "l": "./local.ts", },\n}',
    }).readJsonc<DenoConfig>('deno.jsonc');
    assert.ok(config);
    assert.equal(taskCommand(config, 'start'), 'deno run -A "x" main.ts');
    assert.deepEqual(remoteImports(config), ['https://example.com/a//b.ts']);
  });

  it('parses deno run, serve and compile command lines', function () {
    assert.deepEqual(
      parseDenoCommand('deno run --allow-net --allow-read=./static,./data --watch --env-file .env ./src/main.ts --verbose'),
      { subcommand: 'run', permissions: ['--allow-net', '--allow-read=./static,./data'], entry: 'src/main.ts' },
    );
    assert.deepEqual(parseDenoCommand('deno serve --port 3000 --host 0.0.0.0 -A server.ts'), {
      subcommand: 'serve',
      permissions: ['-A'],
      port: 3000,
      entry: 'server.ts',
    });
    assert.deepEqual(parseDenoCommand('deno fmt && deno compile -o bin/app --allow-env=PORT --target x86_64-unknown-linux-gnu cli.ts'), {
      subcommand: 'compile',
      permissions: ['--allow-env=PORT'],
      output: 'bin/app',
      entry: 'cli.ts',
    });
    assert.equal(parseDenoCommand('deno test -A'), undefined);
    assert.deepEqual(parseDenoCommand('deno run -A ../outside.ts'), { subcommand: 'run', permissions: ['-A'] });
  });

  it('takes an exact version from .dvmrc or .tool-versions and refuses partial ones', async function () {
    assert.equal((await chooseDenoVersion(memoryView({ '.dvmrc': 'v2.4.5\n' }))).version, '2.4.5');
    assert.equal((await chooseDenoVersion(memoryView({ '.tool-versions': 'nodejs 24.0.0\ndeno 2.3.7\n' }))).version, '2.3.7');
    const partial = await chooseDenoVersion(memoryView({ '.dvmrc': '2.1' }));
    assert.equal(partial.version, undefined);
    assert.match(partial.note ?? '', /exact versions only/);
    assert.equal((await chooseDenoVersion(memoryView({}))).version, undefined);
  });

  it('installs only when something can be installed', async function () {
    const none = await run({ 'deno.json': '{"imports":{"@/":"./src/"}}', 'main.ts': SERVER });
    assert.equal(none.options['installDeps'], false);
    assert.equal(none.options['lockfile'], false);
    const jsr = await run({ 'deno.json': '{"imports":{"@std/path":"jsr:@std/path@^1"}}', 'main.ts': SERVER });
    assert.equal(jsr.options['installDeps'], true);
    assert.match((jsr.notes ?? []).join('\n'), /without a deno\.lock/);
    const pkg = await run({ 'deno.json': '{}', 'package.json': '{"dependencies":{"express":"^5"}}', 'main.ts': SERVER });
    assert.equal(pkg.options['installDeps'], true);
    assert.equal(pkg.options['packageJson'], true);
  });

  it('reads entry, permissions and port from the start task, a compile task or the file names', async function () {
    const start = await run({
      'deno.json': '{"tasks":{"start":"deno run --allow-net=0.0.0.0:8080 --allow-env main.ts"}}',
      'main.ts': SERVER,
    });
    assert.equal(start.options['entrypoint'], 'main.ts');
    assert.equal(start.options['permissions'], '--allow-net=0.0.0.0:8080 --allow-env');
    assert.equal(start.options['port'], 8080);
    const compile = await run({
      'deno.json': '{"tasks":{"start":"deno run -A src/main.ts","bin":"deno compile --allow-net -o dist/app src/main.ts"}}',
      'src/main.ts': SERVER,
    });
    assert.equal(compile.options['compile'], true);
    assert.equal(compile.options['permissions'], '--allow-net');
    const bare = await run({ 'deno.json': '{}', 'src/main.ts': 'console.log("job")\n' });
    assert.equal(bare.options['entrypoint'], 'src/main.ts');
    assert.equal(bare.options['server'], false);
    assert.equal(bare.options['permissions'], undefined);
    const noPerms = await run({ 'deno.json': '{"tasks":{"start":"deno run main.ts"}}', 'main.ts': SERVER });
    assert.equal(noPerms.options['permissions'], '');
    assert.match((noPerms.notes ?? []).join('\n'), /no permission flags/);
    const permSet = await run({ 'deno.json': '{"permissions":{"default":{"net":true}}}', 'main.ts': SERVER });
    assert.equal(permSet.options['permissions'], '-P');
    assert.match((await run({ 'deno.json': '{}' })).notes?.join('\n') ?? '', /no entry module found/);
  });

  it('renders run, serve and compiled images with the right flags', async function () {
    const stack = await loadStack(stackDir);
    const meta = { generatorVersion: GENERATOR_VERSION, regenerate: 'dockstack add deno --force' };
    const df = (values: Record<string, unknown>): string =>
      render(stack, resolveOptions(stack.schema, [{ source: 'test', values }]).values, meta).find((f) => f.path === 'Dockerfile')
        ?.content ?? '';
    assert.match(
      df({}),
      /CMD \["sh", "-c", "export DENO_SERVE_ADDRESS=\\"tcp:0\.0\.0\.0:\$\{PORT:-8000\}\\" && exec deno run --cached-only --frozen --vendor --allow-net --allow-env main\.ts"\]/,
    );
    assert.match(
      df({ installDeps: false, lockfile: false }),
      /CMD \["sh", "-c", "export DENO_SERVE_ADDRESS=\\"tcp:0\.0\.0\.0:\$\{PORT:-8000\}\\" && exec deno run --cached-only --no-lock --allow-net --allow-env main\.ts"\]/,
    );
    assert.doesNotMatch(df({ installDeps: false }), /AS deps/);
    assert.match(df({ command: 'serve', port: 3000 }), /"exec deno serve [^\n]*--port \\"\$\{PORT:-3000\}\\"/);
    assert.match(df({ tini: false }), /ENTRYPOINT \[\]/);
    const compiled = df({ compile: true });
    assert.match(compiled, /FROM deps AS build/);
    assert.match(compiled, /deno compile --frozen --vendor --allow-net --allow-env --output \/out\/server main\.ts/);
    assert.match(compiled, /COPY --link --from=base \/tini \/tini/);
    assert.match(compiled, /USER 65532:65532/);
    assert.doesNotMatch(compiled, /HEALTHCHECK/);
    assert.match(df({ compile: true, compileRuntime: 'debian-slim' }), /HEALTHCHECK[\s\S]*\/dev\/tcp/);
    assert.match(df({ configFile: 'none', lockfile: false }), /--mount=type=cache,target=\/deno-dir \\\n\s+deno install --vendor/);
  });
});
