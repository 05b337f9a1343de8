import { existsSync } from 'node:fs';
import path from 'node:path';
import { DockstackError } from '../errors.js';

/** npm's flattened options (registry, `@scope:registry`, `//host/:_authToken`, proxy, ca, cache...). */
export type NpmOptions = Record<string, unknown> & { registry?: string };

/** Where npm itself is installed, so its builtin npmrc applies too (best effort). */
function npmInstallDir(execPath: string): string {
  const candidates = [
    path.join(path.dirname(execPath), '..', 'lib', 'node_modules', 'npm'),
    path.join(path.dirname(execPath), 'node_modules', 'npm'),
  ];
  return candidates.find((dir) => existsSync(path.join(dir, 'package.json'))) ?? path.dirname(execPath);
}

/**
 * Loads the user's npm configuration the way npm does (builtin, global, user and project
 * npmrc files, then `npm_config_*` environment variables) with npm's own loader, and
 * returns the flat options that pacote and npm-registry-fetch understand: the default
 * registry, scoped registries, per-registry auth, proxies, certificates and the cache.
 */
export async function loadNpmOptions(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): Promise<NpmOptions> {
  // Loaded on demand: only commands that talk to a registry pay for npm's config loader.
  const { default: Config } = await import('@npmcli/config');
  const { default: defs } = await import('@npmcli/config/lib/definitions/index.js');
  const { definitions, flatten, nerfDarts, shorthands } = defs;
  const config = new Config({
    definitions,
    shorthands,
    flatten,
    nerfDarts,
    npmPath: npmInstallDir(process.execPath),
    env,
    // Only npm's own flags belong here; dockstack's argv would be misread as npm config.
    argv: [process.execPath, 'npm'],
    cwd,
    warn: false,
  });
  try {
    await config.load();
  } catch (cause) {
    throw new DockstackError('E_CONFIG', `Could not read the npm configuration: ${(cause as Error).message}`, {
      cause,
      hint: 'Fix the npmrc file it names (see `npm config list`).',
    });
  }
  return { ...config.flat };
}

/** The registry a package name is fetched from under these options (scoped registry first). */
export function registryFor(packageName: string, options: NpmOptions): string {
  const scope = packageName.startsWith('@') ? packageName.split('/')[0] : undefined;
  const scoped = scope === undefined ? undefined : options[`${scope}:registry`];
  return String(typeof scoped === 'string' ? scoped : (options.registry ?? 'the default npm registry'));
}
