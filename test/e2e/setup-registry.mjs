#!/usr/bin/env node
// Installs Verdaccio for the end-to-end registry tests with `npm ci` from the committed
// test/e2e/registry-server/{package.json,package-lock.json} (not a workspace package, so the root
// `pnpm install` stays untouched) into a cache folder outside the repository, keyed by the
// lockfile's hash: $XDG_CACHE_HOME/dockstack-e2e/verdaccio-<hash> (~/.cache when unset), or
// $DOCKSTACK_E2E_CACHE. Later runs on the same machine, fresh clones included, reuse it.
// The tests' before() hook calls ensureVerdaccio(); `node test/e2e/setup-registry.mjs` does the
// same from a shell.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const SERVER_DIR = path.join(import.meta.dirname, 'registry-server');

function cacheRoot() {
  if (process.env.DOCKSTACK_E2E_CACHE) return path.resolve(process.env.DOCKSTACK_E2E_CACHE);
  return path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'dockstack-e2e');
}

/** Absolute path of Verdaccio's bin script, installing it first when this lockfile's copy is missing. */
export function ensureVerdaccio(log = (line) => console.log(line)) {
  const lock = readFileSync(path.join(SERVER_DIR, 'package-lock.json'));
  const hash = createHash('sha256').update(lock).update(readFileSync(path.join(SERVER_DIR, 'package.json'))).digest('hex').slice(0, 16);
  const dir = path.join(cacheRoot(), `verdaccio-${hash}`);
  const bin = path.join(dir, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
  if (existsSync(path.join(dir, '.complete'))) return bin;
  log(`e2e: installing Verdaccio for the local registry tests (npm ci into ${dir})`);
  const staging = `${dir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const f of ['package.json', 'package-lock.json']) copyFileSync(path.join(SERVER_DIR, f), path.join(staging, f));
  // The machine's own npm config (and what pnpm exports to scripts) names the registry to use.
  const run = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: staging, encoding: 'utf8', timeout: 600_000 });
  if (run.status !== 0 || !existsSync(path.join(staging, 'node_modules', 'verdaccio', 'bin', 'verdaccio'))) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`npm ci for Verdaccio failed (exit ${run.status ?? run.signal}):\n${(run.stderr || run.stdout || '').slice(-2000)}`);
  }
  writeFileSync(path.join(staging, '.complete'), `${new Date().toISOString()}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return bin;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(`e2e: Verdaccio ready at ${ensureVerdaccio()}`);
}
