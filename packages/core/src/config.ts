import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import path from 'node:path';
import semver from 'semver';
import { containedDir, relativePathProblem } from './contain.js';
import { loadCodeConfig, parseJsonText, parseYamlText } from './config-parse.js';
import { DockstackError } from './errors.js';
import { RESERVED_KEYS, type OptionLayer } from './options.js';
import configSchema from './schemas/config.schema.json' with { type: 'json' };
import { didYouMean } from './text.js';
import { ownValidator } from './validators.js';

/** One service: a folder of the project and the stack that generates its Dockerfile. */
export interface ServiceConfig {
  /** Stack id, e.g. `node`. */
  stack: string;
  /** Semver range of the stack, e.g. `^0.1.0`. */
  version?: string;
  /** Service folder relative to the project root (`.` for the root). */
  path?: string;
  /** Build context relative to the project root when it is not the service folder (a folder that holds it). */
  context?: string;
  /** Service name in compose.yaml / docker-bake.hcl (default: the folder name). */
  name?: string;
  /** Option values chosen for this service (not the detected ones: those live in the lock). */
  options?: Record<string, unknown>;
  /** Other processes run from this service's image (Procfile names to command lines), each a compose service. */
  processes?: Record<string, string>;
}

/** The project config: which stacks the project uses. */
export interface ProjectConfig {
  $schema?: string;
  stacks: ServiceConfig[];
}

/** How a config file is stored, which decides how dockstack may update it. */
export type ConfigFormat = 'package.json' | 'json' | 'yaml' | 'code';

/** A config found in the project root. */
export interface LoadedConfig {
  config: ProjectConfig;
  /** Absolute path of the file. */
  file: string;
  /** Path relative to the project root, e.g. `.dockstackrc.json`. */
  rel: string;
  format: ConfigFormat;
  /** JSON pointer of the config inside the file (`/dockstack` in package.json, else empty). */
  base: string;
}

/** Every place a config may live, in the order they are looked at. Only the project root is searched. */
export const CONFIG_PLACES = [
  'package.json',
  '.dockstackrc',
  '.dockstackrc.json',
  '.dockstackrc.yaml',
  'dockstack.config.js',
  'dockstack.config.mjs',
  'dockstack.config.ts',
] as const;

/** Largest config file read; a bigger one is refused rather than read. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * The places that hold a regular file: a FIFO, device or directory under a config name is never
 * opened (reading a FIFO would block forever), a symlink is never followed, and an oversized
 * file is refused.
 */
async function readablePlaces(root: string): Promise<string[]> {
  const places: string[] = [];
  for (const place of CONFIG_PLACES) {
    let info;
    try {
      info = await lstat(path.join(root, place));
    } catch {
      continue;
    }
    if (info.isSymbolicLink()) {
      throw new DockstackError('E_CONFIG', `${place} is a symlink; dockstack reads a config only from a regular file in the project root`, {
        file: place,
        pointer: '',
        hint: `Replace ${place} with the file itself.`,
      });
    }
    if (!info.isFile()) continue;
    if (info.size > MAX_CONFIG_BYTES) {
      throw new DockstackError('E_CONFIG', `${place} is ${info.size} bytes, more than the ${MAX_CONFIG_BYTES} a config may have`, {
        file: place,
        pointer: '',
        hint: 'A dockstack config is a few lines; check that this is the file you meant.',
      });
    }
    places.push(place);
  }
  return places;
}

/** The file `init` and `add` create when the project has no config yet. */
export const DEFAULT_CONFIG_FILE = '.dockstackrc.json';

const validate = ownValidator('config');

/** Format of a config file from its name. */
export function configFormat(rel: string): ConfigFormat {
  if (path.basename(rel) === 'package.json') return 'package.json';
  if (rel.endsWith('.json')) return 'json';
  if (/\.(js|mjs|ts)$/.test(rel)) return 'code';
  return 'yaml';
}

function refuseImport(file: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && Object.hasOwn(value, '$import')) {
    throw new DockstackError('E_CONFIG', `${path.basename(file)} uses "$import", which dockstack does not support`, {
      file,
      pointer: '/$import',
      hint: 'Keep the whole config in one file inside the project.',
    });
  }
  return value;
}

/** Whether a JavaScript/TypeScript config may be executed: `init`, `add`, `upgrade` only; never with --no-config-code. */
export type ConfigCodePolicy = 'run' | 'refuse' | 'skip';

export interface LoadConfigOptions {
  /**
   * `run` (default: init, add, upgrade) imports a code config; `refuse` (--no-config-code) throws
   * E_CONFIG; `skip` (check and other read-only commands) returns undefined without executing it.
   */
  code?: ConfigCodePolicy;
}

/** A config place's text: opened without following symlinks and without blocking on a FIFO. */
async function readPlace(file: string): Promise<string> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size > MAX_CONFIG_BYTES)
      throw new DockstackError('E_CONFIG', `${path.basename(file)} is not a regular file of a sensible size`, { file, pointer: '' });
    return await handle.readFile({ encoding: 'utf8' });
  } finally {
    await handle.close();
  }
}

/** The first place that holds a config, parsed (package.json only counts when it has a `dockstack` key). */
async function searchPlaces(
  root: string,
  places: readonly string[],
  policy: ConfigCodePolicy,
): Promise<{ filepath: string; config: unknown; isEmpty: boolean } | undefined> {
  for (const place of places) {
    const file = path.join(root, place);
    const format = configFormat(place);
    if (format === 'code') {
      if (policy === 'skip') return undefined;
      if (policy === 'refuse') {
        throw new DockstackError('E_CONFIG', `${place} is code and --no-config-code forbids running it`, {
          file: place,
          pointer: '',
          hint: 'Use a data config (.dockstackrc.json or .dockstackrc.yaml), or run without --no-config-code if you trust this repository.',
        });
      }
      return { filepath: file, config: refuseImport(file, await loadCodeConfig(file)), isEmpty: false };
    }
    const text = await readPlace(file);
    if (format === 'package.json') {
      const pkg = parseJsonText(file, text);
      if (pkg === null || typeof pkg !== 'object' || !Object.hasOwn(pkg, 'dockstack')) continue;
      return { filepath: file, config: refuseImport(file, (pkg as Record<string, unknown>)['dockstack']), isEmpty: false };
    }
    if (text.trim() === '') return { filepath: file, config: undefined, isEmpty: true };
    const value = format === 'json' ? parseJsonText(file, text) : parseYamlText(file, text);
    return { filepath: file, config: refuseImport(file, value), isEmpty: value === undefined || value === null };
  }
  return undefined;
}

/** A package.json whose `dockstack` key is a stack manifest (a stack package), not a project config. */
function isStackManifest(value: unknown): boolean {
  return value !== null && typeof value === 'object' && 'apiRange' in value && 'templates' in value && !('stacks' in value);
}

/**
 * Finds and validates the project config in `root` (and only there: parents are never searched).
 * Returns undefined when the project has none. Throws E_CONFIG naming the file and JSON pointer.
 */
export async function loadConfig(root: string, options: LoadConfigOptions = {}): Promise<LoadedConfig | undefined> {
  const places = await readablePlaces(root);
  if (places.length === 0) return undefined;
  // cosmiconfig is not used: it reads a meta-config (.config/config.*) from the process's working
  // directory that can add search places outside the project and executes .js/.mjs places.
  let found;
  try {
    found = await searchPlaces(root, places, options.code ?? 'run');
  } catch (error) {
    // loaders see absolute paths; errors name the file as the user knows it
    if (error instanceof DockstackError && error.details.file !== undefined && path.isAbsolute(error.details.file)) {
      throw new DockstackError(error.code, error.message, { ...error.details, file: path.relative(root, error.details.file) });
    }
    throw error;
  }
  if (found === undefined) return undefined;
  const rel = path.relative(root, found.filepath) || path.basename(found.filepath);
  const format = configFormat(rel);
  if (format === 'package.json' && isStackManifest(found.config)) return undefined;
  const raw = found.isEmpty || found.config === undefined ? { stacks: [] } : found.config;
  const base = format === 'package.json' ? '/dockstack' : '';
  const config = validateConfig(raw, rel, base);
  config.stacks.forEach((entry, i) => {
    containedDir(root, servicePath(entry), {
      code: 'E_CONFIG',
      what: `${rel}: ${base}/stacks/${i}/path`,
      file: rel,
      pointer: `${base}/stacks/${i}/path`,
    });
    if (entry.context !== undefined)
      containedDir(root, serviceContext(entry), {
        code: 'E_CONFIG',
        what: `${rel}: ${base}/stacks/${i}/context`,
        file: rel,
        pointer: `${base}/stacks/${i}/context`,
      });
  });
  return { config, file: found.filepath, rel, format, base };
}

/** JSON pointer of the first `__proto__` / `constructor` / `prototype` key in a parsed value. */
function findReservedKey(value: unknown, at: string): string | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findReservedKey(value[i], `${at}/${i}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const key of Object.keys(value)) {
    const here = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (RESERVED_KEYS.includes(key)) return here;
    const found = findReservedKey((value as Record<string, unknown>)[key], here);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Validates a config value; errors name the file and the JSON pointer inside it. */
export function validateConfig(value: unknown, rel: string, base = ''): ProjectConfig {
  const reserved = findReservedKey(value, '');
  if (reserved !== undefined) {
    throw new DockstackError('E_CONFIG', `${rel}: ${base}${reserved} uses the reserved key "${reserved.split('/').pop() ?? ''}"`, {
      file: rel,
      pointer: `${base}${reserved}`,
      hint: '__proto__, constructor and prototype are never option or config keys; remove it.',
    });
  }
  if (!validate(value)) {
    const errors = validate.errors ?? [];
    const error = errors.find((e) => e.keyword === 'additionalProperties') ?? errors[0];
    const extra = (error?.params as { additionalProperty?: string } | undefined)?.additionalProperty;
    const pointer = `${base}${error?.instancePath ?? ''}${extra === undefined ? '' : `/${extra}`}`;
    const known =
      extra === undefined
        ? []
        : Object.keys(error?.instancePath === '' ? configSchema.properties : configSchema.properties.stacks.items.properties);
    const guess = extra === undefined ? undefined : didYouMean(extra, known);
    const what = extra === undefined ? (error?.message ?? 'is invalid') : `has unknown key "${extra}"`;
    throw new DockstackError('E_CONFIG', `${rel}: ${pointer || '/'} ${what}`, {
      file: rel,
      pointer,
      hint:
        guess !== undefined
          ? `Did you mean "${guess}"?`
          : extra !== undefined
            ? `Allowed keys: ${known.join(', ')}.`
            : 'Expected { "stacks": [ { "stack": "node", "version": "^0.1.0", "path": ".", "options": {} } ] }.',
    });
  }
  const config = value as unknown as ProjectConfig;
  const seen = new Map<string, number>();
  config.stacks.forEach((entry, i) => {
    if (entry.version !== undefined && semver.validRange(entry.version) === null) {
      throw new DockstackError('E_CONFIG', `${rel}: ${base}/stacks/${i}/version "${entry.version}" is not a semver range`, {
        file: rel,
        pointer: `${base}/stacks/${i}/version`,
        hint: 'Write a range such as "^0.1.0", "~1.2" or "1.2.3".',
      });
    }
    const p = servicePath(entry);
    const problem = relativePathProblem(p);
    if (problem !== undefined) {
      const why = p.split('/').includes('..') ? 'leaves the project' : problem;
      throw new DockstackError('E_CONFIG', `${rel}: ${base}/stacks/${i}/path "${p}" ${why}`, {
        file: rel,
        pointer: `${base}/stacks/${i}/path`,
        hint: 'Use a folder inside the project, relative to its root.',
      });
    }
    const before = seen.get(p);
    if (before !== undefined) {
      throw new DockstackError('E_CONFIG', `${rel}: ${base}/stacks/${i}/path "${p}" is already used by /stacks/${before}`, {
        file: rel,
        pointer: `${base}/stacks/${i}/path`,
        hint: 'Give each service its own folder.',
      });
    }
    if (entry.context !== undefined) {
      const c = serviceContext(entry);
      const inside = c === '.' ? p !== '.' : p.startsWith(`${c}/`);
      if (c !== p && (!inside || c.split('/').includes('..'))) {
        throw new DockstackError('E_CONFIG', `${rel}: ${base}/stacks/${i}/context "${c}" does not hold the service folder "${p}"`, {
          file: rel,
          pointer: `${base}/stacks/${i}/context`,
          hint: 'Use a folder that contains the service folder, e.g. "." for the workspace root, or remove "context".',
        });
      }
    }
    seen.set(p, i);
  });
  return config;
}

/** The build context of an entry, normalised: its `context`, else its folder. */
export function serviceContext(entry: Pick<ServiceConfig, 'path' | 'context'>): string {
  if (entry.context === undefined) return servicePath(entry);
  const c = path.posix.normalize(entry.context).replace(/\/+$/, '');
  return c === '' ? '.' : c;
}

/** The service folder of an entry, normalised (`.` for the root). */
export function servicePath(entry: Pick<ServiceConfig, 'path'>): string {
  const p = path.posix.normalize(entry.path ?? '.').replace(/\/+$/, '');
  return p === '' ? '.' : p;
}

/** The config option layer of one service, so option errors name the file and pointer. */
export function configLayer(loaded: LoadedConfig, index: number): OptionLayer {
  const entry = loaded.config.stacks[index];
  return {
    source: `config ${loaded.rel}`,
    values: { ...(entry?.options ?? {}) },
    file: loaded.rel,
    pointer: `${loaded.base}/stacks/${index}/options`,
  };
}
