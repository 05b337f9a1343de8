import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from '../support/cli.js';
import { Sandbox } from './support/cli-async.js';
import { IndexServer } from './support/index-server.js';
import { freePort } from './support/registry.js';

const SHIPPED = JSON.parse(readFileSync(path.join(REPO, 'registry', 'index.json'), 'utf8')) as { stacks: Array<Record<string, unknown>> };

/** The shipped index plus a community stack that is not installed anywhere. */
function remoteIndex(): unknown {
  const nim = {
    id: 'nim',
    package: 'dockstack-stack-nim',
    displayName: 'Nim',
    description: 'Nim programs built with nimble, on Debian slim.',
    tags: ['nim', 'jester'],
    detectHints: ['app.nimble'],
    official: false,
    versions: [
      {
        version: '0.9.0',
        integrity: `sha512-${'A'.repeat(86)}==`,
        apiRange: '^1.0.0',
        deprecated: true,
        deprecationMessage: 'Use 1.0.0: 0.9 copied secrets.',
      },
      { version: '1.0.0', integrity: `sha512-${'B'.repeat(86)}==`, apiRange: '^1.0.0', deprecated: false },
      { version: '2.0.0', integrity: `sha512-${'C'.repeat(86)}==`, apiRange: '^2.0.0', deprecated: false },
    ],
  };
  return { formatVersion: 1, stacks: [...SHIPPED.stacks, nim].sort((a, b) => String(a['id']).localeCompare(String(b['id']))) };
}

describe('stack index: shipped copy, refresh from a URL, cache and fallback', function () {
  this.timeout(60_000);
  let root: string;
  const server = new IndexServer();

  before(async function () {
    root = mkdtempSync(path.join(tmpdir(), 'dockstack-e2e-index-'));
    server.set(remoteIndex());
    await server.start();
  });

  after(async function () {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('offline, with no URL set: `stacks search python --json` lists entries with versions from the shipped copy', async function () {
    const user = new Sandbox(path.join(root, 'offline'));
    const r = await user.run(['stacks', 'search', 'python', '--json'], { env: { DOCKSTACK_INDEX_URL: undefined } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    const out = r.json();
    assert.deepEqual(out.index, { source: 'shipped' });
    const python = out.stacks.find((s: { id: string }) => s.id === 'python');
    assert.equal(python.package, '@dockstack/stack-python');
    assert.equal(python.official, true);
    assert.ok(python.versions.length > 0);
    assert.match(python.versions[0].integrity, /^sha512-/);
    assert.equal(typeof python.versions[0].apiRange, 'string');
  });

  it('refreshes from DOCKSTACK_INDEX_URL, then serves the cached copy while it is fresh', async function () {
    const user = new Sandbox(path.join(root, 'refresh'));
    const before = server.requests;
    const first = await user.run(['stacks', 'search', 'nim', '--json'], { env: { DOCKSTACK_INDEX_URL: server.url } });
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.json().index.source, 'remote');
    const nim = first.json().stacks[0];
    assert.equal(nim.id, 'nim');
    assert.equal(nim.latest, '1.0.0', 'the newest version that admits the running plugin API and is not deprecated');
    const second = await user.run(['stacks', 'search', 'nim', '--json'], { env: { DOCKSTACK_INDEX_URL: server.url } });
    assert.equal(second.json().index.source, 'cache');
    assert.equal(server.requests, before + 1, 'a fresh cache is used without a request');
    const forced = await user.run(['stacks', 'search', 'nim', '--json', '--refresh'], { env: { DOCKSTACK_INDEX_URL: server.url } });
    assert.equal(forced.json().index.source, 'cache', 'unchanged (304) keeps the cached copy');
    assert.equal(server.requests, before + 2);
  });

  it('takes the URL from indexUrl in the user config when the variable is not set', async function () {
    const user = new Sandbox(path.join(root, 'config'));
    const configDir = user.env['DOCKSTACK_CONFIG_DIR'] as string;
    mkdirSync(configDir, { recursive: true });
    writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ indexUrl: server.url }));
    const r = await user.run(['stacks', 'search', 'jester', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.json().index, { source: 'remote', url: server.url });
  });

  it('stacks list --all and stacks info show stacks that are not installed', async function () {
    const user = new Sandbox(path.join(root, 'list'));
    const env = { DOCKSTACK_INDEX_URL: server.url };
    const list = await user.run(['stacks', 'list', '--all', '--json'], { env });
    assert.equal(list.status, 0, list.stderr);
    const available = list.json().available as Array<{ id: string; official: boolean; versions: string[] }>;
    const nim = available.find((a) => a.id === 'nim');
    assert.deepEqual(nim?.versions, ['0.9.0', '1.0.0', '2.0.0']);
    assert.equal(nim?.official, false);
    assert.ok(!available.some((a) => a.id === 'node'), 'bundled stacks are listed as available here, not as not installed');
    assert.ok(list.json().stacks.some((s: { id: string; origin: string }) => s.id === 'node' && s.origin === 'bundled'));
    const text = await user.run(['stacks', 'info', 'nim'], { env });
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /Nim \(nim, dockstack-stack-nim, community; not installed\)/);
    assert.match(
      text.stdout,
      /0\.9\.0 \(plugin API \^1\.0\.0, deprecated\), 1\.0\.0 \(plugin API \^1\.0\.0\), 2\.0\.0 \(plugin API \^2\.0\.0\)/,
    );
    assert.match(text.stdout, /Install: dockstack stacks install nim/);
    const json = await user.run(['stacks', 'info', 'nim', '--json'], { env });
    assert.equal(json.json().installed, false);
    assert.equal(json.json().latest, '1.0.0');
    const unknown = await user.run(['stacks', 'info', 'nmi'], { env });
    assert.equal(unknown.status, 4);
    assert.match(unknown.stderr, /E_STACK_NOT_FOUND/);
  });

  it('falls back to the cached copy with one clear line when the URL is unreachable', async function () {
    const user = new Sandbox(path.join(root, 'fallback'));
    const down = `http://127.0.0.1:${await freePort()}/index.json`;
    const closed = await user.run(['stacks', 'search', 'nim', '--json', '--refresh'], { env: { DOCKSTACK_INDEX_URL: down } });
    assert.equal(closed.status, 0, closed.stderr);
    assert.equal(closed.json().index.source, 'shipped', 'nothing cached for that URL: the shipped copy');
    assert.deepEqual(closed.json().stacks, [], 'the shipped copy has no nim');
    assert.equal(closed.stderr.trim().split('\n').length, 1, closed.stderr);
    assert.match(
      closed.stderr,
      new RegExp(
        `^Warning: could not refresh the stack index from ${down.replace(/[.?]/g, '\\$&')} \\(ECONNREFUSED\\); using the copy shipped with dockstack\\n$`,
      ),
    );

    const flaky = new IndexServer();
    flaky.set(remoteIndex());
    await flaky.start();
    const cached = await user.run(['stacks', 'search', 'nim', '--json'], { env: { DOCKSTACK_INDEX_URL: flaky.url } });
    assert.equal(cached.json().index.source, 'remote');
    await flaky.stop();
    const offline = await user.run(['stacks', 'search', 'nim', '--json', '--refresh'], { env: { DOCKSTACK_INDEX_URL: flaky.url } });
    assert.equal(offline.status, 0, offline.stderr);
    assert.equal(offline.json().index.source, 'cache');
    assert.equal(offline.json().stacks[0].id, 'nim');
    assert.equal(offline.stderr.trim().split('\n').length, 1, offline.stderr);
    assert.match(
      offline.stderr,
      /^Warning: could not refresh the stack index from .* \(ECONNREFUSED\); using the cached copy from \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/,
    );
  });

  it('refuses an index that does not match the schema, keeping the usable copy', async function () {
    const user = new Sandbox(path.join(root, 'invalid'));
    const bad = new IndexServer();
    bad.set({ formatVersion: 1, stacks: [{ id: 'x' }] });
    await bad.start();
    try {
      const r = await user.run(['stacks', 'search', 'go', '--json'], { env: { DOCKSTACK_INDEX_URL: bad.url } });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.json().index.source, 'shipped');
      assert.match(
        r.stderr,
        /^Warning: could not refresh the stack index from .* \(The stack index from .* does not match its schema: .*\); using the copy shipped with dockstack\n$/,
      );
    } finally {
      await bad.stop();
    }
  });
});
