import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from '../support/cli.js';

/** Test stacks published at several versions (same id `versioned`). */
export const VERSIONED = (version: string): string =>
  path.join(REPO, 'packages', 'core', 'test', 'fixtures', 'stacks', `versioned-${version}`);

/** DOCKSTACK_STACK_PATH holding the given versions of the `versioned` test stack. */
export function stackPath(...versions: string[]): { DOCKSTACK_STACK_PATH: string } {
  return { DOCKSTACK_STACK_PATH: versions.map((v) => (path.isAbsolute(v) ? v : VERSIONED(v))).join(path.delimiter) };
}

/** Hash of every entry under dir (relative names, modes, bytes): equal hashes mean nothing changed. */
export function treeHash(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = lstatSync(p);
      h.update(`${path.relative(dir, p)}|${st.mode}|`);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) h.update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex');
}

/** A temporary project with the given files (folders created as needed). */
export function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dockstack-project-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** A temporary copy of a folder of the repository. */
export function copyOf(rel: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dockstack-copy-'));
  cpSync(path.join(REPO, rel), dir, { recursive: true });
  return dir;
}

export const read = (dir: string, rel: string): string => readFileSync(path.join(dir, rel), 'utf8');
export const readJson = (dir: string, rel: string): any => JSON.parse(read(dir, rel)); // eslint-disable-line @typescript-eslint/no-explicit-any
