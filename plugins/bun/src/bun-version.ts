import type { PackageJson, ProjectView, VersionChoice } from '@dockstack/plugin-api';

/** The release line used when nothing pins one: the newest Bun line (1.4.5 in November 2026). */
export const DEFAULT_BUN = '1.4';

const EXACT = /^v?([1-9][0-9]?(?:\.(?:0|[1-9][0-9]{0,2})){0,2})$/;

/**
 * The Bun version: `packageManager: "bun@x.y.z"` (an exact pin), then `.bun-version` (what
 * setup-bun reads), then `engines.bun` when it names one version or release line (`1.2`, `~1.2.3`,
 * `1.2.x`); open ranges (`>=1.1`, `^1.1`) keep the default, which satisfies them.
 */
export async function chooseBunVersion(p: ProjectView, pkg: PackageJson): Promise<VersionChoice> {
  const pm = typeof pkg.packageManager === 'string' ? /^bun@([^+\s]+)/.exec(pkg.packageManager)?.[1] : undefined;
  if (pm !== undefined) {
    const m = EXACT.exec(pm);
    if (m?.[1] !== undefined) return { version: m[1], file: 'package.json', why: `package.json packageManager pins bun@${m[1]}` };
  }
  const file = (await p.readText('.bun-version'))?.trim();
  if (file !== undefined && file !== '') {
    const m = EXACT.exec(file);
    if (m?.[1] !== undefined) return { version: m[1], file: '.bun-version', why: `.bun-version says ${m[1]}` };
    return {
      why: `.bun-version says "${file.slice(0, 40)}", which is not a version: the default line ${DEFAULT_BUN}`,
      note: `.bun-version holds "${file.slice(0, 40)}", not a version number; the image uses bun ${DEFAULT_BUN}`,
    };
  }
  const range = typeof pkg.engines?.['bun'] === 'string' ? pkg.engines['bun'].trim() : '';
  if (range !== '') {
    const one = /^(?:=|~)?v?([1-9][0-9]?\.(?:0|[1-9][0-9]{0,2}))(?:\.(?:x|\*|0|[1-9][0-9]{0,2}))?$/.exec(range);
    if (one?.[1] !== undefined) return { version: one[1], file: 'package.json', why: `engines.bun "${range}" names the ${one[1]} line` };
    return {
      why: `engines.bun "${range}" is an open range: the newest line ${DEFAULT_BUN} satisfies it`,
      note: `engines.bun is "${range}"; the image uses bun ${DEFAULT_BUN} (set bunVersion if that range excludes it)`,
    };
  }
  return { why: `no packageManager, .bun-version or engines.bun: the newest line ${DEFAULT_BUN}` };
}
