import { inDir, type ProjectView } from '@dockstack/plugin-api';
import { buildFiles, parseGoSource, type GoSource } from './go-source.js';

/** A `package main` directory. */
export interface MainPackage {
  /** Directory relative to the project root, `` for the root. */
  dir: string;
  /** `go build` argument: `.` or `./cmd/api`. */
  pkg: string;
  /** The parsed file that showed `package main`. */
  file: GoSource;
}

/** Directories never searched for main packages. */
const SKIP = new Set(['vendor', 'testdata', 'internal', 'pkg', 'node_modules', 'cmd', 'third_party', 'docs', 'scripts', 'build', 'deploy']);
/** Most directories listed below `cmd/` (or the module root) that are read. */
const MAX_DIRS = 24;

export function pkgArg(dir: string): string {
  return dir === '' ? '.' : `./${dir}`;
}

/**
 * The package clause of a directory: reads its build files (at most three) until one
 * that is not `//go:build ignore` says which package it is.
 */
export async function packageOf(p: ProjectView, dir: string): Promise<GoSource | undefined> {
  for (const entry of (await buildFiles(p, dir)).slice(0, 3)) {
    const text = await p.readText(entry.path);
    if (text === undefined) continue;
    const source = parseGoSource(entry.path, text);
    if (source.ignored || source.packageName === undefined) continue;
    return source;
  }
  return undefined;
}

async function mainAt(p: ProjectView, dir: string): Promise<MainPackage | undefined> {
  const source = await packageOf(p, dir);
  return source?.packageName === 'main' ? { dir, pkg: pkgArg(dir), file: source } : undefined;
}

async function subdirs(p: ProjectView, dir: string): Promise<string[]> {
  return (await p.list(dir === '' ? '.' : dir))
    .filter((e) => e.kind === 'dir' && !e.name.startsWith('.') && !e.name.startsWith('_'))
    .map((e) => e.name)
    .slice(0, MAX_DIRS);
}

/**
 * Main packages of the module rooted at `moduleDir`: the module root, every `cmd/<name>`
 * and, only when neither has one, the module's immediate subdirectories.
 */
export async function findMains(p: ProjectView, moduleDir: string): Promise<MainPackage[]> {
  const found: MainPackage[] = [];
  const root = await mainAt(p, moduleDir);
  if (root !== undefined) found.push(root);
  const cmd = inDir(moduleDir, 'cmd');
  for (const name of await subdirs(p, cmd)) {
    const main = await mainAt(p, inDir(cmd, name));
    if (main !== undefined) found.push(main);
  }
  if (found.length > 0) return found;
  for (const name of await subdirs(p, moduleDir)) {
    if (SKIP.has(name)) continue;
    const main = await mainAt(p, inDir(moduleDir, name));
    if (main !== undefined) found.push(main);
  }
  return found;
}
