import {
  get,
  LICENSE_EXPRESSION,
  memberDirs,
  SOURCE_URL,
  stringOf,
  stringsOf,
  tableOf,
  type Evidence,
  type ManifestLabels,
  type ProjectView,
  type Table,
} from '@dockstack/plugin-api';
import { namesOf, normalizeName, parseRequirement, projectPath } from './pep508.js';

/** What pyproject.toml and Pipfile say about the project. */
export interface ProjectInfo extends ManifestLabels {
  pyproject?: Table;
  pipfile?: Table;
  /** Runtime dependency names (normalized), plus `name[extra]` for each extra. */
  names: Set<string>;
  /** Path dependencies and workspace members, project-relative. */
  localPaths: string[];
  vcs: string[];
  /** A `[build-system]` table: the project itself can be built and installed. */
  buildSystem: boolean;
  /** Console scripts (`[project.scripts]`, `[tool.poetry.scripts]`). */
  scripts: string[];
  reasons: Evidence[];
  notes: string[];
}

const URL_KEYS = /^(source|source[ -]?code|repository|repo|code|github|gitlab)$/i;

function addRequirement(info: ProjectInfo, spec: string, file: string): void {
  const req = parseRequirement(spec);
  namesOf(req).forEach((n) => info.names.add(n));
  if (req.vcs) info.vcs.push(spec);
  if (req.path !== undefined) addPath(info, req.path, file, spec);
}

function addPath(info: ProjectInfo, raw: string, file: string, what: string): void {
  const local = projectPath(raw);
  if (local === undefined) info.notes.push(`${file}: ${what} points outside the project; it cannot be part of the build context`);
  else if (!info.localPaths.includes(local)) info.localPaths.push(local);
}

/** A Poetry or Pipfile dependency table: `name = "^1.0"` or `name = { path = "...", extras = [...] }`. */
function addTableDeps(info: ProjectInfo, deps: Table | undefined, file: string): void {
  for (const [key, value] of Object.entries(deps ?? {})) {
    if (key === 'python') continue;
    const name = normalizeName(key);
    info.names.add(name);
    const spec = tableOf(value);
    if (spec === undefined) continue;
    for (const extra of stringsOf(spec['extras'])) info.names.add(`${name}[${normalizeName(extra)}]`);
    const path = stringOf(spec['path']);
    if (path !== undefined) addPath(info, path, file, `${key} = { path = "${path}" }`);
    if (spec['git'] !== undefined || spec['hg'] !== undefined) info.vcs.push(key);
  }
}

/** uv workspace members: exact folders or one-level globs (`packages/*`) holding a pyproject.toml. */
async function workspaceMembers(p: ProjectView, pyproject: Table, info: ProjectInfo): Promise<void> {
  const workspace = tableOf(get(pyproject, 'tool', 'uv', 'workspace'));
  if (workspace === undefined) return;
  const exclude = new Set(stringsOf(workspace['exclude']).map((e) => projectPath(e)));
  for (const pattern of stringsOf(workspace['members'])) {
    for (const dir of await memberDirs(p, pattern)) {
      const local = projectPath(dir);
      if (local === undefined || exclude.has(local) || !(await p.exists(`${local}/pyproject.toml`))) continue;
      if (!info.localPaths.includes(local)) info.localPaths.push(local);
    }
  }
  info.reasons.push({ file: 'pyproject.toml', says: `[tool.uv.workspace] members: ${info.localPaths.join(', ') || 'none found'}` });
}

function sourceUrlOf(pyproject: Table): string | undefined {
  const urls = tableOf(get(pyproject, 'project', 'urls')) ?? {};
  const entries = Object.entries(urls).filter((e): e is [string, string] => typeof e[1] === 'string');
  const poetry = [stringOf(get(pyproject, 'tool', 'poetry', 'repository')), stringOf(get(pyproject, 'tool', 'poetry', 'homepage'))];
  const ordered = [
    ...entries.filter(([k]) => URL_KEYS.test(k)).map(([, v]) => v),
    poetry[0],
    ...entries.filter(([k]) => /^home-?page$/i.test(k)).map(([, v]) => v),
    poetry[1],
  ];
  return ordered.find((u): u is string => u !== undefined && SOURCE_URL.test(u.replace(/\.git$/, '')))?.replace(/\.git$/, '');
}

function licenseOf(pyproject: Table): string | undefined {
  const raw = get(pyproject, 'project', 'license');
  const text = stringOf(raw) ?? stringOf(tableOf(raw)?.['text']) ?? stringOf(get(pyproject, 'tool', 'poetry', 'license'));
  return text !== undefined && LICENSE_EXPRESSION.test(text) && !/^proprietary$/i.test(text) ? text : undefined;
}

/** A TOML manifest, or undefined; one that exists but is not TOML gets a note saying what was not used. */
async function readManifest(p: ProjectView, file: string, unused: string, info: ProjectInfo): Promise<Table | undefined> {
  const doc = await p.readToml(file);
  if (doc === undefined && (await p.exists(file))) info.notes.push(`${file} could not be read as TOML; its ${unused} were not used`);
  return doc;
}

function readPyproject(pyproject: Table, info: ProjectInfo): void {
  info.pyproject = pyproject;
  const name = stringOf(get(pyproject, 'project', 'name')) ?? stringOf(get(pyproject, 'tool', 'poetry', 'name'));
  if (name !== undefined) info.name = name;
  for (const dep of stringsOf(get(pyproject, 'project', 'dependencies'))) addRequirement(info, dep, 'pyproject.toml');
  addTableDeps(info, tableOf(get(pyproject, 'tool', 'poetry', 'dependencies')), 'pyproject.toml');
  for (const [key, value] of Object.entries(tableOf(get(pyproject, 'tool', 'uv', 'sources')) ?? {})) {
    const source = tableOf(value);
    const path = stringOf(source?.['path']);
    if (path !== undefined) addPath(info, path, 'pyproject.toml', `[tool.uv.sources] ${key}`);
    if (source?.['git'] !== undefined) info.vcs.push(key);
  }
  info.buildSystem = tableOf(pyproject['build-system']) !== undefined && get(pyproject, 'tool', 'poetry', 'package-mode') !== false;
  info.scripts = [
    ...Object.keys(tableOf(get(pyproject, 'project', 'scripts')) ?? {}),
    ...Object.keys(tableOf(get(pyproject, 'tool', 'poetry', 'scripts')) ?? {}),
  ];
  const url = sourceUrlOf(pyproject);
  if (url !== undefined) info.sourceUrl = url;
  const license = licenseOf(pyproject);
  if (license !== undefined) info.license = license;
}

/** Reads pyproject.toml and Pipfile (either may be missing). */
export async function readProject(p: ProjectView): Promise<ProjectInfo> {
  const info: ProjectInfo = { names: new Set(), localPaths: [], vcs: [], buildSystem: false, scripts: [], reasons: [], notes: [] };
  const pyproject = await readManifest(p, 'pyproject.toml', 'dependencies and metadata', info);
  if (pyproject !== undefined) {
    readPyproject(pyproject, info);
    await workspaceMembers(p, pyproject, info);
  }
  const pipfile = await readManifest(p, 'Pipfile', 'packages', info);
  if (pipfile !== undefined) {
    info.pipfile = pipfile;
    addTableDeps(info, tableOf(pipfile['packages']), 'Pipfile');
  }
  return info;
}
