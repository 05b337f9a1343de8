import { readFileSync } from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';
import { DockstackError } from '../errors.js';

/** Where dockstack keeps per-user state. */
export interface DockstackDirs {
  /** Installed stacks (`<data>/stacks`) and links (`<data>/links.json`). */
  data: string;
  /** Refreshed index copies. */
  cache: string;
  /** `config.json` (user settings such as `indexUrl`). */
  config: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The user's dockstack folders: XDG data/cache/config homes on Linux (the platform's
 * equivalents elsewhere), each overridable (DOCKSTACK_DATA_DIR, DOCKSTACK_CACHE_DIR,
 * DOCKSTACK_CONFIG_DIR) so tests and CI stay isolated.
 */
export function dockstackDirs(env: Env = process.env): DockstackDirs {
  const fallback = envPaths('dockstack', { suffix: '' });
  const pick = (key: string, value: string): string => path.resolve(env[key] || value);
  return {
    data: pick('DOCKSTACK_DATA_DIR', fallback.data),
    cache: pick('DOCKSTACK_CACHE_DIR', fallback.cache),
    config: pick('DOCKSTACK_CONFIG_DIR', fallback.config),
  };
}

/** User settings read from `<config>/config.json`. */
export interface UserSettings {
  /** URL (http, https or file) of a stack index that refreshes the shipped copy. */
  indexUrl?: string;
}

/** Reads `<config>/config.json`; a missing file means no settings, a broken one is an E_CONFIG. */
export function readUserSettings(dirs: DockstackDirs): UserSettings {
  const file = path.join(dirs.config, 'config.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new DockstackError('E_CONFIG', `${file} is not valid JSON`, { file, cause, hint: 'Fix or delete the file.' });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new DockstackError('E_CONFIG', `${file} must hold a JSON object`, { file });
  const indexUrl = (data as Record<string, unknown>)['indexUrl'];
  if (indexUrl !== undefined && typeof indexUrl !== 'string')
    throw new DockstackError('E_CONFIG', 'indexUrl must be a string', { file, pointer: '/indexUrl' });
  return indexUrl === undefined ? {} : { indexUrl };
}

/** The index URL in force: DOCKSTACK_INDEX_URL, else `indexUrl` from the user config, else none (shipped copy only). */
export function indexUrlSetting(dirs: DockstackDirs, env: Env = process.env): string | undefined {
  const fromEnv = env['DOCKSTACK_INDEX_URL'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return readUserSettings(dirs).indexUrl;
}
