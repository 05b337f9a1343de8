import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  GENERATOR_VERSION,
  StackCatalog,
  StackStore,
  dockstackDirs,
  findStackDirs,
  indexUrlSetting,
  installPin,
  loadIndex,
  loadNpmOptions,
  loadStacks,
  missingPins,
  offlinePinError,
  type LoadedIndex,
  type Lockfile,
  type ValidatorSource,
} from '@dockstack/core';
import { Flags } from '@oclif/core';
import type { ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);

/**
 * Official stacks shipped with the CLI: every `@dockstack/stack-*` dependency in its
 * package.json, so adding a stack to the CLI's dependencies is all it takes to bundle it.
 */
export const BUNDLED_STACKS: readonly string[] = Object.keys(
  (require('../package.json') as { dependencies?: Record<string, string> }).dependencies ?? {},
)
  .filter((name) => name.startsWith('@dockstack/stack-'))
  .sort();

/** The version printed in every generated file's header (core and CLI ship in lockstep). */
export const CLI_VERSION: string = GENERATOR_VERSION;

let precompiledIndex: Record<string, string> | undefined;

/**
 * Where stack validators come from: the bundled stacks' validators precompiled at build time
 * (packages/cli/validators, by schema key), else compiled once and cached under the cache dir.
 */
export function validatorSource(): ValidatorSource {
  return {
    precompiled: (key) => {
      precompiledIndex ??= require('../validators/index.json') as Record<string, string>;
      const file = precompiledIndex[key];
      return file === undefined ? undefined : (require(`../validators/${file}`) as ValidateFunction);
    },
    cacheDir: path.join(dockstackDirs().cache, 'validators'),
  };
}

/** The install store under the user's data dir (DOCKSTACK_DATA_DIR overrides it). */
export function stackStore(): StackStore {
  return new StackStore(dockstackDirs().data);
}

async function pathDirs(): Promise<Array<{ dir: string; origin: string }>> {
  const dirs: Array<{ dir: string; origin: string }> = [];
  for (const entry of (process.env['DOCKSTACK_STACK_PATH'] ?? '').split(path.delimiter).filter(Boolean)) {
    const isPackage = existsSync(path.join(entry, 'package.json'));
    for (const dir of isPackage ? [entry] : await findStackDirs(entry)) dirs.push({ dir: path.resolve(dir), origin: 'path' });
  }
  return dirs;
}

/**
 * Loads every stack this CLI can use, in precedence order for equal versions: folders
 * registered with `stacks link`, folders in DOCKSTACK_STACK_PATH (a stack package or a
 * folder of them), every installed version in the data dir (side by side), then the
 * bundled stacks. `catalog.get('id@range')` picks the newest loaded version in range. Bundled
 * stacks (checked at build time) are read lazily: their manifest now, their schema, validator
 * and templates when a command uses them; other stacks are checked fully when loaded.
 */
export async function loadCatalog(): Promise<StackCatalog> {
  const store = stackStore();
  const dirs: Array<{ dir: string; origin: string; lazy?: boolean }> = [];
  for (const dir of Object.values(await store.links())) dirs.push({ dir, origin: 'linked' });
  dirs.push(...(await pathDirs()));
  const installed = await store.list();
  if (installed.length > 0) await store.linkPluginApi().catch(() => undefined);
  for (const entry of installed) dirs.push({ dir: entry.dir, origin: 'installed' });
  for (const name of BUNDLED_STACKS)
    dirs.push({ dir: path.dirname(require.resolve(`${name}/package.json`)), origin: 'bundled', lazy: true });
  const { stacks, errors } = await loadStacks(dirs, validatorSource());
  return new StackCatalog(stacks, errors);
}

/**
 * The stack index: the copy shipped with dockstack, or, when DOCKSTACK_INDEX_URL (or
 * `indexUrl` in `<config>/config.json`) is set, a cached refresh of it. A refresh that
 * fails prints one line on stderr and falls back. DOCKSTACK_INDEX_TTL (seconds, default
 * 3600) bounds how long a cached copy is used without asking again.
 */
export async function loadRegistryIndex(options: { refresh?: boolean } = {}): Promise<LoadedIndex> {
  const dirs = dockstackDirs();
  const url = indexUrlSetting(dirs);
  const ttl = Number(process.env['DOCKSTACK_INDEX_TTL'] ?? '3600');
  const loaded = await loadIndex({
    cacheDir: dirs.cache,
    ...(url === undefined ? {} : { url }),
    ...(options.refresh === true ? { refresh: true } : {}),
    maxAgeMs: Number.isFinite(ttl) && ttl >= 0 ? ttl * 1000 : 3_600_000,
  });
  if (loaded.warning !== undefined) process.stderr.write(`Warning: ${loaded.warning}\n`);
  return loaded;
}

/** The package scope of the official stacks (`@dockstack/stack-<id>`). */
const OFFICIAL_SCOPE = '@dockstack/stack-';

/** `--offline` of the project commands: a stack version the lock pins is never fetched. */
export const offlineFlag = Flags.boolean({
  description: 'Use no network: a stack version the lock pins that is not installed is an error naming the install command.',
  default: false,
});

/**
 * The catalog for a project command (`init`, `check`, `upgrade`): when the project's lock pins a
 * version of an official stack (`@dockstack/stack-*`) this dockstack does not have, it is installed
 * first, as `stacks install` would (the index must list that version: integrity, plugin API and
 * trust checked), with a line on stderr saying
 * so, so a pinned project renders byte-identical files on any machine. `offline` refuses instead,
 * naming the exact install command.
 */
export async function loadProjectCatalog(
  lock: Lockfile | undefined,
  options: { offline: boolean; note: (line: string) => void },
): Promise<StackCatalog> {
  const catalog = await loadCatalog();
  // Official packages only; any other missing pin is reported by the lock check that follows, with its install hint.
  const pins = missingPins(catalog, lock).filter((p) => p.package.startsWith(OFFICIAL_SCOPE));
  if (pins.length === 0) return catalog;
  if (options.offline) throw offlinePinError(pins[0] as (typeof pins)[number]);
  const { index } = await loadRegistryIndex();
  const npm = await loadNpmOptions();
  const store = stackStore();
  for (const pin of pins) {
    options.note(
      `Installing ${pin.stack}@${pin.version} (${pin.package}): dockstack.lock.json pins it for service ${pin.services.map((s) => `"${s}"`).join(', ')} and it is not installed here`,
    );
    const r = await installPin(pin, { index, npm, store });
    options.note(
      `Installed ${r.id}@${r.version} in ${r.dir} (integrity ${r.integrity.slice(0, 22)}... checked against ${r.verifiedAgainst === 'index' ? 'the stack index and the registry' : "the registry's metadata"})`,
    );
  }
  return loadCatalog();
}
