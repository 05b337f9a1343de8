import { structuredReaders } from '@dockstack/core';
import type { ProjectEntry, ProjectView } from '@dockstack/plugin-api';

/** Reads counted by a {@link memoryView}, so tests can assert that detection stays bounded. */
export interface MemoryView extends ProjectView {
  reads: string[];
}

/** A ProjectView over an in-memory file map (`path -> text`); directories are implied by paths. */
export function memoryView(files: Record<string, string>): MemoryView {
  const dirs = new Set<string>(['']);
  for (const file of Object.keys(files)) {
    const parts = file.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  const norm = (p: string): string => (p === '.' ? '' : p.replace(/^\.\//, '').replace(/\/+$/, ''));
  const reads: string[] = [];
  const readText = async (path: string): Promise<string | undefined> => {
    const p = norm(path);
    if (!(p in files)) return undefined;
    reads.push(p);
    return files[p];
  };
  return {
    reads,
    async exists(path) {
      const p = norm(path);
      return p in files || dirs.has(p);
    },
    readText,
    ...structuredReaders(readText),
    async list(dir = '.') {
      const d = norm(dir);
      if (!dirs.has(d)) return [];
      const prefix = d === '' ? '' : `${d}/`;
      const names = new Map<string, ProjectEntry['kind']>();
      for (const file of Object.keys(files)) {
        if (!file.startsWith(prefix)) continue;
        const rest = file.slice(prefix.length);
        const [name, ...more] = rest.split('/');
        if (name === undefined || name === '') continue;
        names.set(name, more.length > 0 ? 'dir' : 'file');
      }
      return [...names.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, kind]) => ({ name, path: `${prefix}${name}`, kind }));
    },
  };
}
