import { readPackageJson, scripts, type PackageJson, type ProjectView } from '@dockstack/plugin-api';

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
