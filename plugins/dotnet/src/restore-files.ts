import { dirOf, existing, inDir, type ProjectView } from '@dockstack/plugin-api';
import { parseProject, type ProjectFile } from './msbuild.js';

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
  const perDir = projects.flatMap((proj) => chain(dirOf(proj.path)).flatMap((dir) => PER_DIR.map((name) => inDir(dir, name))));
  const locks = projects.map((proj) => inDir(dirOf(proj.path), 'packages.lock.json'));
  const referenced = projects.slice(1).map((proj) => proj.path);
  return [...new Set([...(await existing(p, [...ROOT_FILES, ...perDir])), ...referenced, ...(await existing(p, locks))])];
}
