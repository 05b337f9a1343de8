// Stack kit: JavaScript workspaces (npm, yarn, pnpm and bun `workspaces`, pnpm-workspace.yaml): the
// members a root declares, and the members one member needs, in dependency order (node's and bun's
// member builds from the workspace root).
import { get, stringsOf } from './data.js';
import { memberDirs } from './files.js';
import { readPackageJson, scripts, type PackageJson } from './package-json.js';
import type { ProjectView } from './index.js';

/** A workspace root: where its members are declared and the member folders that hold a package.json. */
export interface Workspace {
  /** `package.json` (npm, yarn and bun workspaces) or `pnpm-workspace.yaml`. */
  file: string;
  patterns: string[];
  /** Member folders with a package.json, sorted, at most {@link MAX_WORKSPACE_MEMBERS}. */
  members: string[];
}

/** The schema's limit on `workspaceMembers`. */
export const MAX_WORKSPACE_MEMBERS = 50;

/** The workspace a root package.json (or pnpm-workspace.yaml) declares; undefined when it declares none or no member folder exists. */
export async function workspaceOf(p: ProjectView, pkg: PackageJson): Promise<Workspace | undefined> {
  const listed = Array.isArray(pkg.workspaces) ? pkg.workspaces : get(pkg.workspaces, 'packages');
  let file = 'package.json';
  let patterns = listed === undefined ? undefined : stringsOf(listed);
  if (patterns === undefined && (await p.exists('pnpm-workspace.yaml'))) {
    file = 'pnpm-workspace.yaml';
    const yaml = await p.readYaml<unknown>('pnpm-workspace.yaml');
    patterns = stringsOf(get(yaml, 'packages'));
  }
  if (patterns === undefined) return undefined;
  const excluded = new Set<string>();
  for (const pattern of patterns.filter((q) => q.startsWith('!'))) for (const d of await memberDirs(p, pattern.slice(1))) excluded.add(d);
  const members = new Set<string>();
  for (const pattern of patterns.filter((q) => !q.startsWith('!'))) {
    for (const d of await memberDirs(p, pattern)) {
      if (
        d !== '' &&
        !excluded.has(d) &&
        /^[A-Za-z0-9_@-][A-Za-z0-9_.@-]*(\/[A-Za-z0-9_.@-]+)*$/.test(d) &&
        (await p.exists(`${d}/package.json`))
      )
        members.add(d);
    }
  }
  // pnpm 10 keeps settings in pnpm-workspace.yaml (allowBuilds, `packages: ['.']`) for single packages too:
  // without a member folder it is no workspace.
  if (members.size === 0) return undefined;
  return { file, patterns, members: [...members].sort().slice(0, MAX_WORKSPACE_MEMBERS) };
}

/**
 * A member built from the workspace root: its folder and the workspace members it depends on
 * (transitively), dependencies first and the member last, and which of them have `script`.
 */
export async function workspaceClosure(
  root: ProjectView,
  members: readonly string[],
  member: string,
  script: string,
): Promise<{ order: string[]; scripted: string[] }> {
  const byName = new Map<string, { dir: string; pkg: PackageJson }>();
  for (const dir of members) {
    const pkg = await readPackageJson(root, `${dir}/package.json`);
    if (pkg !== undefined && typeof pkg.name === 'string') byName.set(pkg.name, { dir, pkg });
  }
  const order: string[] = [];
  const scripted: string[] = [];
  const seen = new Set<string>();
  const visit = async (dir: string, pkg: PackageJson | undefined): Promise<void> => {
    if (seen.has(dir) || pkg === undefined) return;
    seen.add(dir);
    for (const name of Object.keys({ ...(pkg.devDependencies ?? {}), ...(pkg.dependencies ?? {}) }).sort()) {
      const dep = byName.get(name);
      if (dep !== undefined) await visit(dep.dir, dep.pkg);
    }
    order.push(dir);
    if (scripts(pkg)[script] !== undefined) scripted.push(dir);
  };
  await visit(member, await readPackageJson(root, `${member}/package.json`));
  return { order, scripted };
}

/** True when any member (or the root) declares production dependencies. */
export async function anyProdDependencies(p: ProjectView, pkg: PackageJson, members: readonly string[]): Promise<boolean> {
  if (Object.keys(pkg.dependencies ?? {}).length > 0) return true;
  for (const dir of members) {
    const member = await readPackageJson(p, `${dir}/package.json`);
    if (Object.keys(member?.dependencies ?? {}).length > 0) return true;
  }
  return false;
}
