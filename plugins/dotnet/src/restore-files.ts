import type { ProjectView } from '@dockstack/plugin-api';
import { dirOf, parseProject, type ProjectFile } from './msbuild.js';

const ROOT_FILES = ['global.json', 'NuGet.config', 'nuget.config', 'NuGet.Config', 'Directory.Packages.props'];
const PER_DIR = ['Directory.Build.props', 'Directory.Build.targets', 'Directory.Packages.props'];
const MAX_REFERENCES = 60;

/** Every directory from the root down to `dir` ('' first). */
function chain(dir: string): string[] {
  const out = [''];
  const parts = dir === '' ? [] : dir.split('/');
  for (let i = 1; i <= parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}

/** The project and every project it references, transitively (bounded), in discovery order. */
export async function referenceClosure(
  p: ProjectView,
  start: ProjectFile,
  known: Map<string, ProjectFile>,
  notes: string[],
): Promise<ProjectFile[]> {
  const out: ProjectFile[] = [start];
  const seen = new Set([start.path]);
  for (let i = 0; i < out.length && out.length < MAX_REFERENCES; i++) {
    for (const ref of (out[i] as ProjectFile).references) {
      if (seen.has(ref)) continue;
      seen.add(ref);
      let proj = known.get(ref);
      if (proj === undefined) {
        const text = await p.readText(ref);
        if (text === undefined) {
          notes.push(`${(out[i] as ProjectFile).path} references ${ref}, which is not in the build context: restore will fail`);
          continue;
        }
        proj = parseProject(ref, text);
      }
      out.push(proj);
    }
  }
  return out;
}

/** Files the restore step must see: referenced projects, MSBuild imports, NuGet config, lock files. */
export async function restoreFiles(p: ProjectView, projects: ProjectFile[]): Promise<string[]> {
  const files: string[] = [];
  const add = (f: string): void => {
    if (!files.includes(f)) files.push(f);
  };
  for (const f of ROOT_FILES) if (await p.exists(f)) add(f);
  for (const proj of projects) {
    for (const dir of chain(dirOf(proj.path))) {
      for (const name of PER_DIR) {
        const f = dir === '' ? name : `${dir}/${name}`;
        if (await p.exists(f)) add(f);
      }
    }
  }
  for (const proj of projects.slice(1)) add(proj.path);
  for (const proj of projects) {
    const lock = dirOf(proj.path) === '' ? 'packages.lock.json' : `${dirOf(proj.path)}/packages.lock.json`;
    if (await p.exists(lock)) add(lock);
  }
  return files;
}
