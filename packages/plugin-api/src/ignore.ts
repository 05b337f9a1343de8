import type { Findings } from './findings.js';

/**
 * A `.dockerignore` pattern as a test on project paths, read as Docker reads it from the context root:
 * `*` and `?` within one name, `**` over any folders, a leading or trailing `/` (or `/**`) dropped; a
 * path matches when it or a folder above it does (`bin/` excludes `bin/app`).
 */
export function ignorePattern(pattern: string): RegExp {
  const parts = pattern
    .replace(/^\/+|\/+$/g, '')
    .replace(/\/\*\*$/, '')
    .split('/');
  const glob = (part: string): string =>
    part === '**'
      ? '(?:[^/]+/)*'
      : `${part
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '[^/]*')
          .replace(/\?/g, '[^/]')}/`;
  return new RegExp(`^${parts.map(glob).join('').replace(/\/$/, '')}(?:/|$)`);
}

/** The first of `patterns` (lines of the stack's `.dockerignore`) that excludes `path` (a project path, `./` allowed); undefined when none does. */
export function ignoredBy(path: string, patterns: readonly string[]): string | undefined {
  const clean = path.replace(/^\.\//, '');
  return patterns.find((pattern) => ignorePattern(pattern).test(clean));
}

/** Notes that `.env` files among the project root's `names` stay out of the image (the stack's `.dockerignore` lists `.env*`). */
export function noteEnvFiles(f: Findings, names: readonly string[]): void {
  if (names.some((name) => ignoredBy(name, ['.env*']) !== undefined))
    f.notes.push('.env files are kept out of the image (.dockerignore): pass settings with docker run --env-file');
}
