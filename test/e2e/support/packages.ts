import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { httpJson } from './http.js';
import type { LocalRegistry } from './registry.js';

const SAMPLE = path.join(import.meta.dirname, '..', 'fixtures', 'sample-stack');

/** A variant of the sample community stack. */
export interface StackVariant {
  name: string;
  version: string;
  id?: string;
  apiRange?: string;
  /** Replaces detect.js. */
  detector?: string;
  dependencies?: Record<string, string>;
}

/** Writes a variant of test/e2e/fixtures/sample-stack under `root` and returns its folder. */
export function writeStack(root: string, v: StackVariant): string {
  const dir = path.join(root, `${v.name.replace('/', '+')}@${v.version}`);
  mkdirSync(dir, { recursive: true });
  cpSync(SAMPLE, dir, { recursive: true });
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  pkg['name'] = v.name;
  pkg['version'] = v.version;
  if (v.id !== undefined) pkg['dockstack'].id = v.id;
  if (v.apiRange !== undefined) pkg['dockstack'].apiRange = v.apiRange;
  if (v.dependencies !== undefined) pkg['dependencies'] = v.dependencies;
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  if (v.detector !== undefined) writeFileSync(path.join(dir, 'detect.js'), v.detector);
  return dir;
}

/** The environment of a publisher: only its own npmrc, no inherited npm_config_* variables. */
export function publisherEnv(root: string, registry: LocalRegistry): NodeJS.ProcessEnv {
  const rc = path.join(root, 'publisher.npmrc');
  writeFileSync(rc, `registry=${registry.url}\n//${registry.host}/:_authToken=${registry.token}\n`);
  writeFileSync(path.join(root, 'publisher-global.npmrc'), '');
  const env: NodeJS.ProcessEnv = {};
  for (const [k, val] of Object.entries(process.env)) if (!/^npm_config_/i.test(k)) env[k] = val;
  return {
    ...env,
    NPM_CONFIG_USERCONFIG: rc,
    NPM_CONFIG_GLOBALCONFIG: path.join(root, 'publisher-global.npmrc'),
    NPM_CONFIG_CACHE: path.join(root, 'publisher-cache'),
  };
}

/** `npm publish` of a folder to the local registry (the real client, as a stack author would). */
export function publish(root: string, registry: LocalRegistry, dir: string, tag = 'latest'): void {
  const run = spawnSync('npm', ['publish', dir, '--tag', tag, '--loglevel=error', '--no-provenance'], {
    cwd: root,
    env: publisherEnv(root, registry),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.status !== 0) throw new Error(`npm publish ${dir} failed: ${run.stderr || run.stdout}`);
}

/** The registry's full metadata for a package (read with the test user's token). */
export async function packument(
  registry: LocalRegistry,
  name: string,
): Promise<{ versions: Record<string, { dist: { integrity: string; tarball: string } }> }> {
  const { status, body } = await httpJson('GET', `${registry.url}${name.replace('/', '%2f')}`, {
    headers: { authorization: `Bearer ${registry.token}` },
  });
  if (status !== 200) throw new Error(`GET ${name}: HTTP ${status}`);
  return body as { versions: Record<string, { dist: { integrity: string; tarball: string } }> };
}
