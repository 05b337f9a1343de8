import { stat } from 'node:fs/promises';
import path from 'node:path';
import { cosmiconfig, type Loader } from 'cosmiconfig';
import semver from 'semver';
import { loadCodeConfig, parseJsonText, parseYamlText } from './config-parse.js';
import { DockstackError } from './errors.js';
import type { OptionLayer } from './options.js';
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
  /** Service name in compose.yaml / docker-bake.hcl (default: the folder name). */
  name?: string;
  /** Option values chosen for this service (not the detected ones: those live in the lock). */
  options?: Record<string, unknown>;
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
 * opened (reading a FIFO would block forever), and an oversized file is refused.
 */
async function readablePlaces(root: string): Promise<string[]> {
  const places: string[] = [];
  for (const place of CONFIG_PLACES) {
    let info;
    try {
      info = await stat(path.join(root, place));
    } catch {
      continue;
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

const jsonLoader: Loader = (file, text) => refuseImport(file, parseJsonText(file, text));
const yamlLoader: Loader = (file, text) => refuseImport(file, parseYamlText(file, text));
const codeLoader: Loader = async (file) => refuseImport(file, await loadCodeConfig(file));

/** A package.json whose `dockstack` key is a stack manifest (a stack package), not a project config. */
function isStackManifest(value: unknown): boolean {
  return value !== null && typeof value === 'object' && 'apiRange' in value && 'templates' in value && !('stacks' in value);
}

/**
 * Finds and validates the project config in `root` (and only there: parents are never searched).
 * Returns undefined when the project has none. Throws E_CONFIG naming the file and JSON pointer.
 */
export async function loadConfig(root: string): Promise<LoadedConfig | undefined> {
  const places = await readablePlaces(root);
  if (places.length === 0) return undefined;
  const explorer = cosmiconfig('dockstack', {
    searchPlaces: places,
    searchStrategy: 'none',
    packageProp: 'dockstack',
    cache: false,
    ignoreEmptySearchPlaces: false,
    loaders: { '.json': jsonLoader, '.yaml': yamlLoader, noExt: yamlLoader, '.js': codeLoader, '.mjs': codeLoader, '.ts': codeLoader },
  });
  let found;
  try {
    found = await explorer.search(root);
  } catch (error) {
    // loaders see absolute paths; errors name the file as the user knows it
    if (error instanceof DockstackError && error.details.file !== undefined && path.isAbsolute(error.details.file)) {
      throw new DockstackError(error.code, error.message, { ...error.details, file: path.relative(root, error.details.file) });
    }
    throw error;
  }
  if (found === null) return undefined;
  const rel = path.relative(root, found.filepath) || path.basename(found.filepath);
  const format = configFormat(rel);
  if (format === 'package.json' && isStackManifest(found.config)) return undefined;
  const raw = found.isEmpty === true || found.config === undefined ? { stacks: [] } : found.config;
  const base = format === 'package.json' ? '/dockstack' : '';
  return { config: validateConfig(raw, rel, base), file: found.filepath, rel, format, base };
}

/** Validates a config value; errors name the file and the JSON pointer inside it. */
export function validateConfig(value: unknown, rel: string, base = ''): ProjectConfig {
  if (!validate(value)) {
    const errors = validate.errors ?? [];
    const error = errors.find((e) => e.keyword === 'additionalProperties') ?? errors[0];
    const extra = (error?.params as { additionalProperty?: string } | undefined)?.additionalProperty;
    const pointer = `${base}${error?.instancePath ?? ''}${extra === undefined ? '' : `/${extra}`}`;
    const known = extra === undefined ? [] : Object.keys(error?.instancePath === '' ? configSchema.properties : configSchema.properties.stacks.items.properties);
    const guess = extra === undefined ? undefined : didYouMean(extra, known);
    const what = extra === undefined ? (error?.message ?? 'is invalid') : `has unknown key "${extra}"`;
    throw new DockstackError('E_CONFIG', `${rel}: ${pointer || '/'} ${what}`, {
      file: rel,
      pointer,
      hint: guess !== undefined ? `Did you mean "${guess}"?` : extra !== undefined ? `Allowed keys: ${known.join(', ')}.` : 'Expected { "stacks": [ { "stack": "node", "version": "^0.1.0", "path": ".", "options": {} } ] }.',
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
    if (p.split('/').includes('..')) {
      throw new DockstackError('E_CONFIG', `${rel}: ${base}/stacks/${i}/path "${p}" leaves the project`, { file: rel, pointer: `${base}/stacks/${i}/path`, hint: 'Use a folder inside the project.' });
    }
    const before = seen.get(p);
    if (before !== undefined) {
      throw new DockstackError('E_CONFIG', `${rel}: ${base}/stacks/${i}/path "${p}" is already used by /stacks/${before}`, {
        file: rel,
        pointer: `${base}/stacks/${i}/path`,
        hint: 'Give each service its own folder.',
      });
    }
    seen.set(p, i);
  });
  return config;
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
