import semver from 'semver';
import { DockstackError } from '../errors.js';
import { loadStack } from '../loader.js';
import { chooseVersion, fetchPublished } from './npm-fetch.js';
import { installStack, type InstallContext, type InstallResult } from './install.js';
import { splitSpec } from './spec.js';
import type { InstalledEntry, StackStore } from './store.js';

/** True when an installed entry is the one named (id or package). */
function named(entry: InstalledEntry, name: string): boolean {
  return entry.id === name || entry.package === name;
}

/** What `stacks uninstall` removed. */
export interface UninstallResult {
  removed: InstalledEntry[];
  /** A `stacks link` registration removed for the same id. */
  unlinked?: { id: string; dir: string };
}

/**
 * `stacks uninstall <id|package>[@version|@range]`: removes the matching installed
 * versions (all when no version is given) and a link with that id.
 */
export async function uninstallStack(spec: string, store: StackStore): Promise<UninstallResult> {
  const { name, range } = splitSpec(spec.trim());
  if (range !== undefined && semver.validRange(range) === null)
    throw new DockstackError('E_USAGE', `"${range}" is not a version or range`, { hint: `Write ${name}@1.0.0 or ${name}@^1.` });
  const installed = (await store.list()).filter((e) => named(e, name));
  const removed = installed.filter((e) => range === undefined || semver.satisfies(e.version, range));
  const links = await store.links();
  const linked = range === undefined ? links[name] : undefined;
  if (removed.length === 0 && linked === undefined) {
    throw new DockstackError('E_STACK_NOT_FOUND', `No installed stack matches "${spec}"`, {
      hint:
        installed.length > 0
          ? `Installed versions of ${name}: ${installed.map((e) => e.version).join(', ')}.`
          : 'Run "dockstack stacks list" to see installed stacks (bundled stacks ship with dockstack and cannot be removed).',
    });
  }
  for (const entry of removed) await store.remove(entry);
  if (linked !== undefined) {
    delete links[name];
    await store.writeLinks(links);
  }
  return { removed, ...(linked === undefined ? {} : { unlinked: { id: name, dir: linked } }) };
}

/** One line of `stacks update`. */
export interface UpdateOutcome {
  package: string;
  id?: string;
  from: string;
  to: string;
  result?: InstallResult;
}

/**
 * `stacks update [id]`: for each installed package (or the one named), installs the
 * newest published version that admits the running plugin API when it is newer than
 * the newest installed. Older versions stay, so projects pinning them keep working.
 * Already-installed packages were trusted once, so no confirmation is asked again.
 */
export async function updateStacks(name: string | undefined, ctx: InstallContext): Promise<UpdateOutcome[]> {
  const installed = (await ctx.store.list()).filter((e) => name === undefined || named(e, name));
  if (name !== undefined && installed.length === 0) {
    throw new DockstackError('E_STACK_NOT_FOUND', `"${name}" is not installed`, {
      hint: `Install it first: dockstack stacks install ${name}`,
    });
  }
  const newest = new Map<string, InstalledEntry>();
  for (const e of installed) {
    const seen = newest.get(e.package);
    if (seen === undefined || semver.gt(e.version, seen.version)) newest.set(e.package, e);
  }
  const outcomes: UpdateOutcome[] = [];
  for (const entry of newest.values()) {
    const id = entry.id === undefined ? {} : { id: entry.id };
    const target = chooseVersion(await fetchPublished(entry.package, ctx.npm), undefined);
    if (!semver.gt(target.version, entry.version)) {
      outcomes.push({ package: entry.package, ...id, from: entry.version, to: entry.version });
      continue;
    }
    const result = await installStack(`${entry.package}@${target.version}`, { ...ctx, trust: true });
    outcomes.push({ package: entry.package, ...id, from: entry.version, to: result.version, result });
  }
  return outcomes;
}

/** `stacks link <dir>`: validates the folder as a stack, then registers it under its id. */
export async function linkStack(dir: string, store: StackStore): Promise<{ id: string; dir: string; version: string; replaced?: string }> {
  const stack = await loadStack(dir, 'linked');
  const links = await store.links();
  const replaced = links[stack.id];
  links[stack.id] = dir;
  await store.writeLinks(links);
  return { id: stack.id, dir, version: stack.version, ...(replaced !== undefined && replaced !== dir ? { replaced } : {}) };
}
