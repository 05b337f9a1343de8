import { lintDockerfile } from './lint.js';

/**
 * Matches `LintHook` of @dockstack/testing: every error and warning, for goldens that must be
 * lint-clean. Under CI ShellCheck is required (DS-38 never silently off): a missing binary throws.
 */
export async function lintHook(
  dockerfile: string,
  dockerignore: string | undefined,
): Promise<Array<{ rule: string; line: number; message: string }>> {
  const { findings } = await lintDockerfile(dockerfile, { dockerignore, shellcheck: process.env['CI'] ? true : 'auto' });
  return findings.map(({ rule, line, message }) => ({ rule, line, message }));
}
