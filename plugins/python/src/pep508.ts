import { joinInside } from '@dockstack/plugin-api';

/** One requirement as far as detection cares: its name, extras, and whether it is local or VCS. */
export interface Requirement {
  name?: string;
  extras: string[];
  /** A local path (directory or archive) as written, `file:` and PDM's `${PROJECT_ROOT}` removed. */
  path?: string;
  vcs: boolean;
}

/** The names a requirement adds to the dependency set: its normalized name and `name[extra]` for each extra. */
export function namesOf(req: Requirement): string[] {
  const name = req.name === undefined ? undefined : normalizeName(req.name);
  return name === undefined ? [] : [name, ...req.extras.map((extra) => `${name}[${extra}]`)];
}

/** PEP 503 normalization: lowercase, runs of `-`, `_`, `.` become `-`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * A project-relative path (`/`-separated, no `./`, `.` for the root), or undefined when the path is
 * absolute or climbs out of the project.
 */
export function projectPath(raw: string): string | undefined {
  const path = joinInside('', raw);
  return path === '' ? '.' : path;
}

const ARCHIVE = /\.(whl|tar\.gz|tgz|zip)$/;

/** Strips `file:` URLs down to a path; PDM writes `file:///${PROJECT_ROOT}/libs/x`. */
function localFromUrl(url: string): string | undefined {
  const m = /^file:(?:\/\/)?(.*)$/.exec(url);
  if (!m) return undefined;
  const rest = m[1] as string;
  const rooted = /^\/?\$\{PROJECT_ROOT\}\/?(.*)$/.exec(rest);
  if (rooted) return rooted[1] === '' ? '.' : (rooted[1] as string);
  return rest;
}

function looksLikePath(spec: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) return false;
  return (
    spec === '.' || spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/') || spec.includes('/') || ARCHIVE.test(spec)
  );
}

/** Reads one requirement line (already stripped of options, comments and hashes). */
export function parseRequirement(line: string): Requirement {
  const spec = line.split(/\s+--/)[0]?.trim() ?? ''; // per-requirement options (--hash=...)
  const vcs = /^(git|hg|svn|bzr)\+/.test(spec) || /@\s*(git|hg|svn|bzr)\+/.test(spec);
  const egg = /#.*egg=([A-Za-z0-9._-]+)/.exec(spec)?.[1];
  const direct = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?\s*@\s*(\S+)/.exec(spec);
  if (direct) {
    const local = localFromUrl(direct[3] as string);
    return { name: direct[1] as string, extras: extrasOf(direct[2]), vcs, ...(local !== undefined ? { path: local } : {}) };
  }
  if (spec.startsWith('file:')) {
    const local = localFromUrl(spec.split('#')[0] as string);
    return { ...(egg ? { name: egg } : {}), extras: [], vcs, ...(local !== undefined ? { path: local } : {}) };
  }
  if (vcs || /^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) return { ...(egg ? { name: egg } : {}), extras: [], vcs };
  if (looksLikePath(spec)) return { extras: [], vcs: false, path: spec.split(/[\s;[]/)[0] as string };
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?/.exec(spec);
  return m ? { name: m[1] as string, extras: extrasOf(m[2]), vcs: false } : { extras: [], vcs: false };
}

function extrasOf(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((e) => normalizeName(e.trim()))
    .filter((e) => e !== '');
}
