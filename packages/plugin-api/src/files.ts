import { inDir, joinInside } from './data.js';
import type { ProjectView } from './index.js';

/** The first of `files` that exists, tried in order (candidate entry points, config file names). */
export async function firstExisting(p: ProjectView, files: readonly string[]): Promise<string | undefined> {
  for (const file of files) if (await p.exists(file)) return file;
  return undefined;
}

/** The first of `files` that can be read, with its text, tried in order. */
export async function firstText(p: ProjectView, files: readonly string[]): Promise<{ file: string; text: string } | undefined> {
  for (const file of files) {
    const text = await p.readText(file);
    if (text !== undefined) return { file, text };
  }
  return undefined;
}

/** Every one of `files` that exists, in order: the optional inputs a build step binds. */
export async function existing(p: ProjectView, files: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const file of files) if (await p.exists(file)) found.push(file);
  return found;
}

/**
 * The project folders a workspace member pattern names (`crates/*`, `packages/api-?`, `./api`), sorted:
 * `*` and `?` match within one folder name; a literal name is taken as is (the caller reads what is
 * there). A pattern with `**`, or one that leaves the project, names none.
 */
export async function memberDirs(p: ProjectView, pattern: string): Promise<string[]> {
  const clean = joinInside('', pattern);
  if (clean === undefined || clean.includes('**')) return [];
  let dirs = [''];
  for (const part of clean.split('/')) {
    if (!/[*?]/.test(part)) {
      dirs = dirs.map((d) => inDir(d, part));
      continue;
    }
    const glob = new RegExp(
      `^${part
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    const next: string[] = [];
    for (const d of dirs)
      for (const e of await p.list(d === '' ? undefined : d)) if (e.kind === 'dir' && glob.test(e.name)) next.push(e.path);
    dirs = next;
  }
  return dirs.sort();
}

/** Entry-script candidates among a folder's file `names`: the `preferred` ones present, in order, then the others `matching`, sorted. */
export function entryCandidates(names: readonly string[], preferred: readonly string[], matching: RegExp): string[] {
  return [...preferred.filter((n) => names.includes(n)), ...names.filter((n) => matching.test(n) && !preferred.includes(n)).sort()];
}

/** The Debian packages one dependency needs: headers and tools to build it, libraries it loads at run time. */
export interface SystemNeeds {
  build?: readonly string[];
  runtime?: readonly string[];
}

/** What `table` says each of `deps` needs from Debian, in order and without repeats, and which of them need anything. */
export function systemPackages(
  table: Readonly<Record<string, SystemNeeds>>,
  deps: Iterable<string>,
): { build: string[]; runtime: string[]; which: string[] } {
  const [build, runtime, which] = [new Set<string>(), new Set<string>(), [] as string[]];
  for (const dep of deps) {
    const needs = Object.hasOwn(table, dep) ? table[dep] : undefined;
    if (needs === undefined) continue;
    which.push(dep);
    needs.build?.forEach((b) => build.add(b));
    needs.runtime?.forEach((r) => runtime.add(r));
  }
  return { build: [...build], runtime: [...runtime], which };
}
