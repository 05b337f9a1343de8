import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BAKE_FILE, buildFiles } from '@dockstack/core';
import { dockerBinary } from '@dockstack/engine';
import { ensureEngine } from '../support/engine.js';

interface Printed {
  group: Record<string, { targets: string[] }>;
  target: Record<string, { context: string; dockerfile: string; tags?: string[]; 'cache-from'?: unknown[]; 'cache-to'?: unknown[] }>;
}

/** What `docker buildx bake --print` makes of the generated file (buildx's own HCL parser), with the given variables. */
function print(dir: string, env: Record<string, string>): Printed {
  const r = spawnSync(dockerBinary(), ['buildx', 'bake', '--print', '-f', BAKE_FILE], {
    cwd: dir,
    env: { ...process.env, ...env, DOCKER_CLI_HINTS: 'false' },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, `bake --print failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Printed;
}

/** A cache entry as buildx prints it: a string (0.13) or an object of attributes (later releases). */
const cacheText = (entry: unknown): string =>
  (typeof entry === 'string' ? entry.split(',') : Object.entries(entry as Record<string, string>).map(([k, v]) => `${k}=${v}`))
    .sort()
    .join(',');

describe('engine tier: docker buildx bake parses the generated docker-bake.hcl', function () {
  let dir: string;

  before(async function () {
    this.timeout(5 * 60_000);
    const engine = await ensureEngine();
    if (!engine.ok) {
      console.log(`  ${engine.reason}`);
      this.skip();
    }
    dir = mkdtempSync(path.join(tmpdir(), 'dockstack-bake-'));
    const services = [
      { name: 'api', path: 'services/api', dockerfile: 'Dockerfile', ports: [8000] },
      { name: 'web', path: 'services/web', dockerfile: 'Dockerfile', ports: [3000] },
    ];
    for (const s of services) {
      mkdirSync(path.join(dir, s.path), { recursive: true });
      writeFileSync(path.join(dir, s.path, 'Dockerfile'), 'FROM scratch\n');
    }
    for (const f of buildFiles(services, { header: '# test', image: 'mono', ci: { header: '# test' } })) {
      mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
      writeFileSync(path.join(dir, f.path), f.content);
    }
  });

  after(function () {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('locally (no variables): tags under the default image, no registry cache', function () {
    const out = print(dir, {});
    assert.deepEqual(out.group['default']?.targets, ['api', 'web']);
    assert.deepEqual(out.target['web']?.tags, ['mono/web:latest']);
    assert.equal(out.target['api']?.context, 'services/api');
    assert.deepEqual(out.target['web']?.['cache-from'] ?? [], []);
    assert.deepEqual(out.target['web']?.['cache-to'] ?? [], []);
  });

  it('in CI (REGISTRY_CACHE=write): imports and exports <image>:buildcache with mode=max, per service', function () {
    const out = print(dir, { IMAGE: 'registry.example.test/team/shop', TAG: 'abc123', REGISTRY_CACHE: 'write' });
    assert.deepEqual(out.target['api']?.tags, ['registry.example.test/team/shop/api:abc123']);
    assert.deepEqual(out.target['api']?.['cache-from']?.map(cacheText), [
      'ref=registry.example.test/team/shop/api:buildcache,type=registry',
    ]);
    assert.deepEqual(out.target['api']?.['cache-to']?.map(cacheText), [
      'mode=max,ref=registry.example.test/team/shop/api:buildcache,type=registry',
    ]);
  });

  it('for pull requests (REGISTRY_CACHE=read): imports the cache, exports nothing', function () {
    const out = print(dir, { IMAGE: 'registry.example.test/team/shop', REGISTRY_CACHE: 'read' });
    assert.equal(out.target['web']?.['cache-from']?.length, 1);
    assert.deepEqual(out.target['web']?.['cache-to'] ?? [], []);
  });
});
