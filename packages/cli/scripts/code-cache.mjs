#!/usr/bin/env node
// Writes dist/cli.cjs.cache: V8's code cache for the bundle (scripts/bundle.mjs), taken after
// `init --yes`, `detect` and `check` ran on a copy of examples/hello-node, so the functions those
// commands compile are in it and a start reuses them (bin/bundle.js). Run by `pnpm build` after
// the bundle and the manifest. The commands run in a child process with their own cache, data and
// config folders, output discarded; a failure fails the build.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CODE_CACHE, codeCache, loadBundle } from '../bin/bundle.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

if (process.argv[2] === '--child') {
  const project = process.argv[3];
  const cli = loadBundle();
  const bin = pathToFileURL(path.join(root, 'bin', 'run.js')).href;
  for (const argv of [['init', '--yes', '--cwd', project], ['detect', '--cwd', project], ['check', '--cwd', project]]) await cli.run(argv, bin);
  const tmp = `${CODE_CACHE}.${process.pid}.tmp`;
  writeFileSync(tmp, codeCache());
  renameSync(tmp, CODE_CACHE);
} else {
  const work = mkdtempSync(path.join(os.tmpdir(), 'dockstack-code-cache-'));
  try {
    const project = path.join(work, 'project');
    cpSync(path.join(root, '..', '..', 'examples', 'hello-node'), project, { recursive: true, filter: (f) => path.basename(f) !== 'dockstack.lock.json' });
    const env = { ...process.env, FORCE_COLOR: '0', DOCKSTACK_CACHE_DIR: path.join(work, 'cache'), DOCKSTACK_DATA_DIR: path.join(work, 'data'), DOCKSTACK_CONFIG_DIR: path.join(work, 'config') };
    delete env.CI;
    delete env.NODE_OPTIONS; // V8 rejects a cache made under other flags
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', project], { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) {
      process.stderr.write(`code-cache: the representative run failed (exit ${r.status}): ${(r.stderr ?? '').trim().slice(-2000)}\n`);
      process.exit(1);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
