import { lstat, readFile, readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { detectStacks, type Candidate } from './detect.js';
import type { LoadedStack } from './loader.js';
import { compareText } from './collate.js';

const require = createRequire(import.meta.url);
// yaml is loaded on first use: most commands never read YAML, and it is one of the costliest imports at start.
const yaml = (): typeof import('yaml') => require('yaml') as typeof import('yaml');

/** Files whose presence makes a sub-folder a service candidate. */
export const SERVICE_MANIFESTS = [
  'package.json',
  'go.mod',
  'Cargo.toml',
  'pyproject.toml',
  'requirements.txt',
  'Pipfile',
  'setup.py',
] as const;

/** Folders never searched for services. */
const SKIP = new Set(['node_modules', 'vendor', 'target', 'dist', 'build', 'out', 'coverage', '__pycache__', 'venv']);

/** At most this many folders are detected, so a huge tree stays bounded. */
export const MAX_SERVICE_CANDIDATES = 64;

/** A folder that a stack claims, and why it was looked at. */
export interface DiscoveredService {
  /** Folder relative to the project root, `/`-separated. */
  path: string;
  /** The best detection verdict for the folder. */
  candidate: Candidate;
  /** Why the folder was a candidate: `npm workspaces`, `pnpm-workspace.yaml`, `go.work`, `Cargo workspace`, `manifest`. */
  via: string;
}

/** What `init` found in a repository with several services. */
export interface ServiceDiscovery {
  /** Workspace declarations found at the root (e.g. `npm workspaces`, `go.work`). */
  workspaces: string[];
  services: DiscoveredService[];
  /** Candidate folders no stack claimed. */
  skipped: string[];
}

/** A small regular file's text; undefined for anything else (a FIFO is never opened). */
async function readText(file: string): Promise<string | undefined> {
  try {
    const info = await stat(file);
    if (!info.isFile() || info.size > 1024 * 1024) return undefined;
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Workspace member patterns declared at the root, by declaration. */
export async function workspacePatterns(root: string): Promise<Array<{ via: string; patterns: string[] }>> {
  const out: Array<{ via: string; patterns: string[] }> = [];
  const pkgText = await readText(path.join(root, 'package.json'));
  if (pkgText !== undefined) {
    try {
      const pkg = JSON.parse(pkgText) as { workspaces?: unknown };
      const ws = Array.isArray(pkg.workspaces) ? pkg.workspaces : (pkg.workspaces as { packages?: unknown } | undefined)?.packages;
      if (Array.isArray(ws)) out.push({ via: 'npm workspaces', patterns: ws.filter((p): p is string => typeof p === 'string') });
    } catch {
      // an unparsable package.json declares nothing
    }
  }
  const pnpm = await readText(path.join(root, 'pnpm-workspace.yaml'));
  if (pnpm !== undefined) {
    try {
      const packages = (yaml().parse(pnpm) as { packages?: unknown } | null)?.packages;
      if (Array.isArray(packages))
        out.push({ via: 'pnpm-workspace.yaml', patterns: packages.filter((p): p is string => typeof p === 'string') });
    } catch {
      // malformed: nothing declared
    }
  }
  const goWork = await readText(path.join(root, 'go.work'));
  if (goWork !== undefined) {
    const uses: string[] = [];
    for (const m of goWork.replace(/\/\/.*$/gm, '').matchAll(/^\s*use\s*(?:\(([^)]*)\)|(\S+))/gm)) {
      for (const item of (m[1] ?? m[2] ?? '').split(/\s+/)) if (item !== '') uses.push(item.replace(/^"|"$/g, ''));
    }
    out.push({ via: 'go.work', patterns: uses });
  }
  const cargo = await readText(path.join(root, 'Cargo.toml'));
  const members = cargo === undefined ? undefined : /^\[workspace\][^[]*?^\s*members\s*=\s*\[([^\]]*)\]/ms.exec(cargo)?.[1];
  if (members !== undefined) out.push({ via: 'Cargo workspace', patterns: [...members.matchAll(/"([^"]+)"/g)].map((m) => m[1] as string) });
  return out;
}

/**
 * True when the root package.json has a `start` script: in a JavaScript workspace, the root itself
 * is then an app (a root Dockerfile besides the members').
 */
export async function rootHasStartScript(root: string): Promise<boolean> {
  const text = await readText(path.join(root, 'package.json'));
  if (text === undefined) return false;
  try {
    const start = (JSON.parse(text) as { scripts?: { start?: unknown } } | null)?.scripts?.start;
    return typeof start === 'string' && start.trim() !== '';
  } catch {
    return false;
  }
}

/** Lockfiles of the JavaScript package managers (npm, pnpm, yarn, bun). */
const JS_LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock', 'bun.lockb'];

/** The first of `names` that is a regular file in `dir` (a symlink never counts: it may point outside the project). */
async function hasFile(dir: string, names: readonly string[]): Promise<string | undefined> {
  for (const name of names) if ((await lstat(path.join(dir, name)).catch(() => undefined))?.isFile() === true) return name;
  return undefined;
}

/** A member's package.json text, unless it is a symlink (which may point outside the project). */
async function memberManifest(root: string, folder: string): Promise<string | undefined> {
  return (await hasFile(path.join(root, folder), ['package.json'])) === undefined
    ? undefined
    : readText(path.join(root, folder, 'package.json'));
}

/** Package name -> folder, for the given folders whose package.json names a package. */
export async function workspaceMemberNames(root: string, folders: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const folder of folders) {
    const text = await memberManifest(root, folder);
    if (text === undefined) continue;
    try {
      const name = (JSON.parse(text) as { name?: unknown } | null)?.name;
      if (typeof name === 'string') names.set(name, folder);
    } catch {
      // an unparsable package.json names nothing
    }
  }
  return names;
}

/**
 * The stack that builds a JavaScript workspace's members from its root: `bun` for a Bun workspace
 * (bun.lock, bun.lockb or `packageManager: bun@`), else `node` (npm, pnpm and yarn workspaces, yarn 1
 * or berry).
 */
export async function workspaceBuilder(root: string): Promise<'node' | 'bun'> {
  if ((await hasFile(root, ['bun.lock', 'bun.lockb'])) !== undefined) return 'bun';
  const manifest = (await hasFile(root, ['package.json'])) === undefined ? '' : ((await readText(path.join(root, 'package.json'))) ?? '');
  return /"packageManager"\s*:\s*"bun@/.test(manifest) ? 'bun' : 'node';
}

/**
 * The workspace members that are libraries, not services: another member depends on them (by package
 * name) and they have no `start` script. `members` maps package names to folders.
 */
export async function workspaceLibraries(root: string, members: ReadonlyMap<string, string>): Promise<Set<string>> {
  const manifests = new Map<string, { dependencies?: unknown; devDependencies?: unknown; scripts?: unknown }>();
  for (const folder of members.values()) {
    try {
      const pkg = JSON.parse((await memberManifest(root, folder)) ?? 'null') as typeof manifests extends Map<string, infer V> ? V : never;
      if (pkg !== null && typeof pkg === 'object') manifests.set(folder, pkg);
    } catch {
      // an unparsable package.json is nobody's library
    }
  }
  const used = new Set<string>();
  for (const [folder, pkg] of manifests)
    for (const name of Object.keys({ ...(pkg.devDependencies ?? {}), ...(pkg.dependencies ?? {}) } as Record<string, unknown>)) {
      const dep = members.get(name);
      if (dep !== undefined && dep !== folder) used.add(dep);
    }
  const libraries = new Set<string>();
  for (const folder of used) {
    const scripts = manifests.get(folder)?.scripts;
    const start = typeof scripts === 'object' && scripts !== null ? (scripts as Record<string, unknown>)['start'] : undefined;
    if (typeof start !== 'string') libraries.add(folder);
  }
  return libraries;
}

/**
 * Why a JavaScript workspace member cannot be built as the workspace builds it from its own folder
 * alone, or undefined when it can: it depends on other members (`workspace:` ranges, or a sibling's
 * package name: the build fails), or its dependencies are locked only in the root's lockfile (the
 * install is not the locked one). `members` maps package names to folders.
 */
export async function workspaceMemberProblem(
  root: string,
  member: string,
  members: ReadonlyMap<string, string>,
): Promise<{ fails: boolean; why: string } | undefined> {
  const text = await memberManifest(root, member);
  if (text === undefined) return undefined;
  let pkg: { dependencies?: unknown; devDependencies?: unknown } | null;
  try {
    pkg = JSON.parse(text) as typeof pkg;
  } catch {
    return undefined;
  }
  const deps = Object.entries({ ...(pkg?.devDependencies ?? {}), ...(pkg?.dependencies ?? {}) } as Record<string, unknown>);
  const siblings = deps
    .filter(
      ([name, range]) =>
        (typeof range === 'string' && range.startsWith('workspace:')) || (members.has(name) && members.get(name) !== member),
    )
    .map(([name]) => name)
    .sort(compareText);
  if (siblings.length > 0)
    return {
      fails: true,
      why: `it depends on ${siblings.length === 1 ? 'the workspace package' : 'the workspace packages'} ${siblings.join(', ')}, which its own folder does not hold`,
    };
  const rootLock = deps.length === 0 ? undefined : await hasFile(root, JS_LOCKFILES);
  if (rootLock !== undefined && (await hasFile(path.join(root, member), JS_LOCKFILES)) === undefined)
    return { fails: false, why: `its dependencies are locked only in the root's ${rootLock}, which its own folder does not hold` };
  return undefined;
}

/**
 * The Nx application projects of an integrated Nx workspace (`nx.json` at the root): folders with a
 * `project.json` of an application (or no project type) that has a `build` target, and no package.json
 * of their own (a project with one is a workspace member, found by its workspace). Built from the root
 * by the node stack. Sorted; bounded like the other discovery globs.
 */
export async function nxApplicationFolders(root: string): Promise<string[]> {
  if ((await hasFile(root, ['nx.json'])) === undefined) return [];
  const found = await glob(['**/project.json'], {
    cwd: root,
    ignore: ['**/node_modules/**', '**/.git/**', '**/.nx/**', '**/dist/**', '**/tmp/**'],
    deep: 4,
    followSymbolicLinks: false,
  });
  const folders: string[] = [];
  for (const file of found.sort(compareText).slice(0, MAX_SERVICE_CANDIDATES)) {
    const folder = clean(path.posix.dirname(file));
    if (folder === undefined || (await hasFile(path.join(root, folder), ['project.json'])) === undefined) continue;
    if ((await hasFile(path.join(root, folder), ['package.json'])) !== undefined) continue;
    try {
      const project = JSON.parse((await readText(path.join(root, file))) ?? 'null') as {
        projectType?: unknown;
        targets?: { build?: unknown };
      } | null;
      if (project === null || typeof project !== 'object') continue;
      if (project.projectType !== undefined && project.projectType !== 'application') continue;
      if (typeof project.targets?.build !== 'object' || project.targets.build === null) continue;
      folders.push(folder);
    } catch {
      // an unparsable project.json is no project
    }
  }
  return folders;
}

/**
 * What `detect` says about a folder no stack claims when it is a monorepo root: its workspace
 * declarations and Nx application projects, which `init` turns into services. Undefined otherwise.
 */
export async function monorepoHint(root: string): Promise<string | undefined> {
  const declared = (await workspacePatterns(root)).map((w) => `${w.via} (${w.patterns.join(', ')})`);
  const nx = await nxApplicationFolders(root);
  if (nx.length > 0) declared.push(`Nx application projects ${nx.join(', ')}`);
  if (declared.length === 0) return undefined;
  return `a monorepo root: ${declared.join('; ')}. \`dockstack init\` here generates one Dockerfile per service`;
}

function clean(rel: string): string | undefined {
  const p = path.posix
    .normalize(rel.replace(/\\/g, '/'))
    .replace(/^\.\/+/, '')
    .replace(/\/+$/, '');
  return p === '' || p === '.' || p.startsWith('..') || path.posix.isAbsolute(p) ? undefined : p;
}

async function expand(root: string, patterns: string[]): Promise<string[]> {
  const include = patterns
    .filter((p) => !p.startsWith('!'))
    .map((p) => clean(p))
    .filter((p): p is string => p !== undefined);
  const ignore = ['**/node_modules/**', '**/.git/**', ...patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1))];
  if (include.length === 0) return [];
  const found = await glob(include, {
    cwd: root,
    onlyDirectories: true,
    ignore,
    deep: 4,
    expandDirectories: false,
    followSymbolicLinks: false,
  });
  return found.map((p) => clean(p)).filter((p): p is string => p !== undefined);
}

/** Sub-folders (two levels deep) holding a manifest of their own. */
async function manifestFolders(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    const names = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
    if (rel !== '' && SERVICE_MANIFESTS.some((m) => names.has(m))) out.push(rel);
    if (depth >= 2) return;
    for (const e of entries.sort((a, b) => compareText(a.name, b.name))) {
      if (e.isDirectory() && !e.name.startsWith('.') && !SKIP.has(e.name)) await walk(rel === '' ? e.name : `${rel}/${e.name}`, depth + 1);
    }
  };
  await walk('', 0);
  return out;
}

/**
 * Finds the services of a repository: workspace members (npm/pnpm/yarn workspaces, go.work,
 * Cargo workspaces) and sub-folders with their own manifest, each detected with the stacks'
 * own detectors. Reads only; bounded to {@link MAX_SERVICE_CANDIDATES} folders.
 */
export async function discoverServices(stacks: readonly LoadedStack[], root: string): Promise<ServiceDiscovery> {
  const declared = await workspacePatterns(root);
  const via = new Map<string, string>();
  for (const d of declared) for (const p of await expand(root, d.patterns)) if (!via.has(p)) via.set(p, d.via);
  for (const p of await manifestFolders(root)) {
    // a folder inside an already-found service is part of it, not a service of its own
    if (![...via.keys()].some((s) => p.startsWith(`${s}/`)) && !via.has(p)) via.set(p, 'manifest');
  }
  const folders = [...via.keys()].sort().slice(0, MAX_SERVICE_CANDIDATES);
  const services: DiscoveredService[] = [];
  const skipped: string[] = [];
  for (const folder of folders) {
    if (services.some((s) => folder.startsWith(`${s.path}/`))) continue;
    const report = await detectStacks(stacks, path.join(root, folder));
    const best = report.candidates[0];
    if (best === undefined) skipped.push(folder);
    else services.push({ path: folder, candidate: best, via: via.get(folder) ?? 'manifest' });
  }
  return { workspaces: declared.map((d) => d.via), services, skipped };
}
