import type { ProjectView, VersionChoice } from '@dockstack/plugin-api';

/** The release used when nothing pins one: the newest Deno (2.9.6 in November 2026). */
export const DEFAULT_DENO = '2.9.6';

const EXACT = /^v?([1-9][0-9]?\.(?:0|[1-9][0-9]{0,2})\.(?:0|[1-9][0-9]{0,3}))$/;

/**
 * The Deno version: `.dvmrc` (what dvm and setup-deno read), then the `deno` line of
 * `.tool-versions` (asdf, mise). The official image publishes exact versions only, so a partial
 * version (`2.1`) keeps the default and says so.
 */
export async function chooseDenoVersion(p: ProjectView): Promise<VersionChoice> {
  const sources: Array<[string, string | undefined]> = [
    ['.dvmrc', (await p.readText('.dvmrc'))?.trim()],
    ['.tool-versions', /^deno\s+(\S+)/m.exec((await p.readText('.tool-versions')) ?? '')?.[1]],
  ];
  for (const [file, value] of sources) {
    if (value === undefined || value === '') continue;
    const m = EXACT.exec(value);
    if (m?.[1] !== undefined) return { version: m[1], file, why: `${file} says ${m[1]}` };
    return {
      why: `${file} says "${value.slice(0, 40)}", not an exact version: the newest release ${DEFAULT_DENO}`,
      note: `${file} asks for "${value.slice(0, 40)}", but denoland/deno publishes exact versions only (debian-2.9.6): the image uses ${DEFAULT_DENO}; pin an exact version there or set denoVersion`,
    };
  }
  return { why: `no .dvmrc or .tool-versions: the newest release ${DEFAULT_DENO}` };
}
