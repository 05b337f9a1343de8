// Every runtime kind honours PORT: one engine fixture per kind (node server, nginx serving a node
// build, the static stack's nginx, bun, deno, python, go, rust, ruby, php/Apache, java, elixir, cpp,
// shell) is built as a user gets it and started with PORT=5173 published on 5173 only; it must answer
// its check there. The fixtures' own tests (fixtures.engine.test.ts) build the same Dockerfiles, so
// these builds come from the layer cache. Python's gunicorn/uvicorn, deno serve, puma and FrankenPHP
// read PORT too (their goldens show it), but no fixture of theirs can be built here (PyPI, JSR,
// rubygems.org and FrankenPHP are unreachable): see the proof table.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadStack } from '@dockstack/core';
import { globalArgs, substituteBaseImages, verifyImage } from '@dockstack/engine';
import { loadFixtures, renderFixture } from '@dockstack/testing';
import { REPO, ensureEngine, ensureStandins, standinMap } from '../support/engine.js';

const PORT = 5173;
/** runtime kind -> stack/fixture */
const KINDS: Array<[string, string]> = [
  ['node server', 'node/express-server'],
  ['nginx serving a node build', 'node/vite-spa'],
  ['nginx (static stack)', 'static/spa-committed'],
  ['bun', 'bun/http-server'],
  ['deno', 'deno/http-server'],
  ['python', 'python/stdlib-http'],
  ['go', 'go/http-server'],
  ['rust', 'rust/http-server'],
  ['ruby', 'ruby/stdlib-http'],
  ['php (Apache)', 'php/plain-apache'],
  ['java', 'java/javac-http-server'],
  ['elixir', 'elixir/gen-tcp-server'],
  ['cpp', 'cpp/cmake-server'],
  ['shell', 'shell/busybox-httpd'],
];
const only = process.env['DOCKSTACK_ENGINE_ONLY']?.split(',').filter(Boolean);
const selected = KINDS.filter(([, f]) => !only || only.length === 0 || only.some((o) => f.includes(o)));

describe(`engine tier: every runtime kind answers on PORT=${PORT}`, function () {
  before(async function () {
    this.timeout(5 * 60_000);
    const engine = await ensureEngine();
    if (!engine.ok) {
      console.log(`  ${engine.reason}`);
      this.skip();
    }
  });

  for (const [kind, name] of selected) {
    it(`${kind} (${name}) answers on ${PORT} when PORT=${PORT}`, async function () {
      this.timeout(20 * 60_000);
      const [stackId, fixtureName] = name.split('/') as [string, string];
      const dir = path.join(REPO, 'plugins', stackId);
      const fixture = loadFixtures(dir).find((f) => f.name === fixtureName);
      assert.ok(fixture?.spec.engine, `${name} is an engine fixture`);
      const stack = await loadStack(dir);
      const { generation } = await renderFixture(stack, fixture, { syntax: false });
      const dockerfile = generation.files.find((f) => f.path === 'Dockerfile')!.content;
      const map = standinMap();
      const needed = Object.entries(globalArgs(dockerfile))
        .filter(([arg, value]) => /_IMAGE$/.test(arg) && map[value] !== undefined)
        .map(([, value]) => value);
      const { buildArgs, unmapped } = substituteBaseImages(dockerfile, ensureStandins([...new Set(needed)].sort()));
      assert.deepEqual(unmapped, []);
      const work = mkdtempSync(path.join(tmpdir(), `dockstack-port-${stackId}-${fixtureName}-`));
      try {
        const context = path.join(work, 'context');
        cpSync(fixture.dir, context, { recursive: true });
        writeFileSync(path.join(context, '.dockerignore'), generation.files.find((f) => f.path === '.dockerignore')!.content);
        writeFileSync(path.join(work, 'Dockerfile'), dockerfile);
        const report = await verifyImage({
          context,
          dockerfile: path.join(work, 'Dockerfile'),
          tag: `dockstack-test/port-${stackId}-${fixtureName}:latest`,
          buildArgs,
          check: fixture.spec.engine.check,
          // verifyImage passes the port as PORT and publishes only that port.
          port: PORT,
          answerTimeoutMs: 60_000,
        });
        assert.ok(report.build.ok, report.build.error);
        assert.equal(report.run?.port, PORT);
        assert.ok(report.run?.check.ok, report.run?.check.detail ?? report.failures.join('\n'));
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    });
  }
});
