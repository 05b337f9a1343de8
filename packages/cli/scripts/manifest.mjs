#!/usr/bin/env node
// Writes packages/cli/oclif.manifest.json from the built commands (COMMANDS in the bundle), as the
// `oclif manifest` command does: with it, oclif finds a command without importing every command
// module (and with them core, lint and ajv) on each start. `--check` writes nothing
// (`--file <path>` checks or writes another file) and exits 1
// when the file on disk differs from what the built commands give (or a source command has no
// entry), so a stale manifest fails the tests instead of hiding a command.
import { readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Plugin } from '@oclif/core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--file');
const file = at === -1 ? path.join(root, 'oclif.manifest.json') : path.resolve(process.argv[at + 1] ?? '');

/** Command ids from the TypeScript sources: `stacks/list.ts` -> `stacks:list`. */
function sourceIds(dir = path.join(root, 'src', 'commands'), prefix = []) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceIds(path.join(dir, e.name), [...prefix, e.name]) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [[...prefix, e.name.slice(0, -3)].join(':')] : [],
  );
}

// `production` keeps oclif from mapping dist/ back to src/ when a TypeScript loader is present.
process.env.NODE_ENV = 'production';
const plugin = new Plugin({ root, type: 'core', isRoot: true, ignoreManifest: true, errorOnManifestCreate: true, respectNoCacheDefault: true });
await plugin.load();
const text = `${JSON.stringify(plugin.manifest, null, 2)}\n`;

if (process.argv.includes('--check')) {
  let onDisk;
  try {
    onDisk = readFileSync(file, 'utf8');
  } catch {
    onDisk = '';
  }
  const listed = Object.keys(JSON.parse(onDisk || '{"commands":{}}').commands);
  const missing = sourceIds().filter((id) => !listed.includes(id));
  if (onDisk !== text || missing.length > 0) {
    const why = missing.length > 0 ? `no entry for ${missing.join(', ')}: a command must be listed in COMMANDS in src/main.ts` : 'it differs from the built commands';
    process.stderr.write(`${path.relative(process.cwd(), file)} is stale (${why}): run "pnpm -s build" (or node packages/cli/scripts/manifest.mjs after tsc).\n`);
    process.exit(1);
  }
} else {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
