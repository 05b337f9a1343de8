import type { ProjectEntry, ProjectView } from '@dockstack/plugin-api';

/** An in-memory, read-only project: file path -> text. Folders are implied by the paths. */
export function memoryProject(files: Record<string, string>): ProjectView {
  const paths = Object.keys(files);
  const isDir = (dir: string): boolean => dir === '.' || paths.some((p) => p.startsWith(`${dir}/`));
  return {
    async exists(path) {
      return path in files || isDir(path);
    },
    async readText(path) {
      return files[path];
    },
    async readJson<T>(path: string) {
      const text = files[path];
      if (text === undefined) return undefined;
      try {
        return JSON.parse(text) as T;
      } catch {
        return undefined;
      }
    },
    async list(dir = '.') {
      const prefix = dir === '.' || dir === '' ? '' : `${dir}/`;
      const seen = new Map<string, ProjectEntry>();
      for (const p of paths.filter((x) => x.startsWith(prefix))) {
        const [name, ...rest] = p.slice(prefix.length).split('/');
        if (name === undefined || seen.has(name)) continue;
        seen.set(name, { name, path: `${prefix}${name}`, kind: rest.length > 0 ? 'dir' : 'file' });
      }
      return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}
