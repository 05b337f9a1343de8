import { inDir, joinInside, memberDirs, stringOf, stringsOf, tableOf, type ProjectView, type Table } from '@dockstack/plugin-api';

/** A binary target of a package, as cargo would discover it. */
export interface BinTarget {
  name: string;
  /** Source file relative to the project root. */
  path: string;
  /** Declared by `[[bin]]` (true) or discovered from the file layout. */
  declared: boolean;
  requiredFeatures: string[];
}

/** One Cargo.toml, read. */
export interface Manifest {
  /** Folder relative to the project root ('' for the root). */
  dir: string;
  toml: Table;
  /** `[package] name`, when this manifest has a package. */
  name?: string;
  bins: BinTarget[];
  /** Names of normal, build and target-specific dependencies (not dev-dependencies). */
  deps: Set<string>;
}

function depNames(toml: Table): Set<string> {
  const names = new Set<string>();
  const add = (t: unknown): void => {
    for (const [k, v] of Object.entries(tableOf(t) ?? {})) names.add(stringOf(tableOf(v)?.['package']) ?? k);
  };
  add(toml['dependencies']);
  add(toml['build-dependencies']);
  for (const target of Object.values(tableOf(toml['target']) ?? {})) {
    add(tableOf(target)?.['dependencies']);
    add(tableOf(target)?.['build-dependencies']);
  }
  return names;
}

/** A package field that may be inherited: `license.workspace = true` reads `[workspace.package]`. */
export function packageField(m: Manifest, field: string, workspaceRoot: Manifest | undefined): string | undefined {
  const pkg = tableOf(m.toml['package']);
  const own = pkg?.[field];
  if (typeof own === 'string') return own;
  if (tableOf(own)?.['workspace'] === true) {
    return stringOf(tableOf(tableOf(workspaceRoot?.toml['workspace'])?.['package'])?.[field]);
  }
  return undefined;
}

async function discoverBins(p: ProjectView, dir: string, toml: Table, name: string | undefined): Promise<BinTarget[]> {
  const pkg = tableOf(toml['package']);
  const bins = new Map<string, BinTarget>();
  if (pkg?.['autobins'] !== false && name !== undefined) {
    if (await p.exists(inDir(dir, 'src/main.rs'))) {
      bins.set(name, { name, path: inDir(dir, 'src/main.rs'), declared: false, requiredFeatures: [] });
    }
    const entries = await p.list(inDir(dir, 'src/bin'));
    for (const e of [...entries].sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.kind === 'file' && e.name.endsWith('.rs')) {
        const stem = e.name.slice(0, -3);
        bins.set(stem, { name: stem, path: e.path, declared: false, requiredFeatures: [] });
      } else if (e.kind === 'dir' && (await p.exists(`${e.path}/main.rs`))) {
        bins.set(e.name, { name: e.name, path: `${e.path}/main.rs`, declared: false, requiredFeatures: [] });
      }
    }
  }
  const declared = Array.isArray(toml['bin']) ? toml['bin'] : [];
  for (const entry of declared) {
    const t = tableOf(entry);
    if (t === undefined) continue;
    const path = stringOf(t['path']);
    const binName = stringOf(t['name']) ?? (path !== undefined ? path.replace(/^.*\//, '').replace(/\.rs$/, '') : undefined);
    if (binName === undefined) continue;
    // An explicit [[bin]] replaces a discovered target with the same name or file.
    for (const [k, b] of bins) if (path !== undefined && b.path === inDir(dir, path)) bins.delete(k);
    const inferred = bins.get(binName)?.path ?? (binName === name ? inDir(dir, 'src/main.rs') : inDir(dir, `src/bin/${binName}.rs`));
    bins.set(binName, {
      name: binName,
      path: path !== undefined ? inDir(dir, path) : inferred,
      declared: true,
      requiredFeatures: stringsOf(t['required-features']),
    });
  }
  return [...bins.values()];
}

/** Reads the Cargo.toml in `dir`, or undefined when there is none (or it is unreadable). */
export async function readManifest(p: ProjectView, dir: string): Promise<Manifest | undefined> {
  const toml = await p.readToml(inDir(dir, 'Cargo.toml'));
  if (toml === undefined) return undefined;
  const name = stringOf(tableOf(toml['package'])?.['name']);
  const bins = await discoverBins(p, dir, toml, name);
  return { dir, toml, ...(name === undefined ? {} : { name }), bins, deps: depNames(toml) };
}

export interface Workspace {
  /** Member folders in order, excluding the root package itself. */
  members: Manifest[];
  defaultMembers: string[];
  /** Patterns that could not be expanded (`**`) or members without a Cargo.toml. */
  skipped: string[];
}

/** The workspace declared by the root manifest (bounded to 64 members). */
export async function readWorkspace(p: ProjectView, root: Manifest): Promise<Workspace | undefined> {
  const ws = tableOf(root.toml['workspace']);
  if (ws === undefined) return undefined;
  const exclude = new Set(stringsOf(ws['exclude']).map((e) => joinInside('', e)));
  const members: Manifest[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>(['']);
  for (const pattern of stringsOf(ws['members'])) {
    const dirs = await memberDirs(p, pattern);
    if (dirs.length === 0) skipped.push(pattern);
    for (const dir of dirs) {
      if (seen.has(dir) || exclude.has(dir) || members.length >= 64) continue;
      seen.add(dir);
      const m = await readManifest(p, dir);
      if (m === undefined) skipped.push(dir);
      else members.push(m);
    }
  }
  const defaultMembers = stringsOf(ws['default-members']).map((d) => joinInside('', d) ?? d);
  return { members, defaultMembers, skipped };
}

/** Crate names listed in a Cargo.lock (`[[package]] name`). */
export function lockedCrates(lock: Table): Set<string> {
  const names = new Set<string>();
  const packages = lock['package'];
  for (const entry of Array.isArray(packages) ? packages : []) {
    const name = stringOf(tableOf(entry)?.['name']);
    if (name !== undefined) names.add(name);
  }
  return names;
}
