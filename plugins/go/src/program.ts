import type { ProjectView } from '@dockstack/plugin-api';
import { buildFiles, parseGoSource, type GoSource } from './go-source.js';

/** A module whose packages live in the project: its path and its directory. */
export interface LocalModule {
  path: string;
  dir: string;
}

/** Most source files and packages read per program (the view has its own, larger budget). */
const MAX_FILES = 80;
const MAX_PACKAGES = 24;

/** The files of one program: its main package and the project packages it imports, breadth first. */
export interface ProgramSources {
  files: GoSource[];
  /** True when the file or package cap cut the walk short. */
  partial: boolean;
}

/** Maps an import path to a project directory, when a local module owns it. */
function localDir(importPath: string, modules: readonly LocalModule[]): string | undefined {
  let best: LocalModule | undefined;
  for (const m of modules) {
    if ((importPath === m.path || importPath.startsWith(`${m.path}/`)) && (best === undefined || m.path.length > best.path.length))
      best = m;
  }
  if (best === undefined) return undefined;
  const rest = importPath.slice(best.path.length).replace(/^\//, '');
  return [best.dir, rest].filter((s) => s !== '').join('/');
}

/** Reads the main package in `mainDir` and, transitively, the project packages it imports. */
export async function readProgram(p: ProjectView, mainDir: string, modules: readonly LocalModule[]): Promise<ProgramSources> {
  const files: GoSource[] = [];
  const queue = [mainDir];
  const seen = new Set(queue);
  let partial = false;
  while (queue.length > 0) {
    const dir = queue.shift() as string;
    for (const entry of await buildFiles(p, dir)) {
      if (files.length >= MAX_FILES) {
        partial = true;
        break;
      }
      const text = await p.readText(entry.path);
      if (text === undefined) {
        partial = true;
        continue;
      }
      const source = parseGoSource(entry.path, text);
      if (source.ignored) continue;
      files.push(source);
      for (const imp of source.imports) {
        const local = localDir(imp, modules);
        if (local === undefined || seen.has(local)) continue;
        if (seen.size >= MAX_PACKAGES) {
          partial = true;
          continue;
        }
        seen.add(local);
        queue.push(local);
      }
    }
  }
  return { files, partial };
}
