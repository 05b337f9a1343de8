import { get, memberDirs, readPackageJson, scripts, stringsOf, type PackageJson, type ProjectView } from '@dockstack/plugin-api';

/** A workspace root: where its members are declared and the member folders that hold a package.json. */
export interface Workspace {
  /** `package.json` (npm, yarn and bun workspaces) or `pnpm-workspace.yaml`. */
  file: string;
  patterns: string[];
  /** Member folders with a package.json, sorted, at most {@link MAX_MEMBERS}. */
  members: string[];
}

/** The schema's limit on `workspaceMembers`. */
export const MAX_MEMBERS = 50;

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
  return { file, patterns, members: [...members].sort().slice(0, MAX_MEMBERS) };
}

/**
 * The member a root start script hands over to (`pnpm --filter <name> start`, `pnpm -F <name> start`,
 * `npm start -w <name>`, `npm run start --workspace=<name>`, `yarn workspace <name> start`): the member
 * folder and its package.json, found by package name or folder.
 */
export async function delegatedMember(
  p: ProjectView,
  pkg: PackageJson,
  members: readonly string[],
): Promise<{ dir: string; pkg: PackageJson; script: string } | undefined> {
  const script = scripts(pkg)['start']?.trim();
  if (script === undefined) return undefined;
  const forms = [
    /^pnpm (?:--filter|-F)[ =](\S+) (?:run )?start$/,
    /^npm (?:run )?start (?:-w|--workspace)[ =](\S+)$/,
    /^npm (?:-w|--workspace)[ =](\S+) (?:run )?start$/,
    /^yarn workspace (\S+) (?:run )?start$/,
  ];
  const name = forms.map((re) => re.exec(script)?.[1]).find((n) => n !== undefined);
  if (name === undefined) return undefined;
  const unquoted = name.replace(/^(["'])(.*)\1$/, '$2');
  for (const dir of members) {
    const member = await readPackageJson(p, `${dir}/package.json`);
    if (member === undefined) continue;
    if (member.name === unquoted || dir === unquoted.replace(/^\.\//, '').replace(/\/$/, '')) return { dir, pkg: member, script };
  }
  return undefined;
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
