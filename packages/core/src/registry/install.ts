import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import semver from 'semver';
import { DockstackError } from '../errors.js';
import { loadStack, type LoadedStack } from '../loader.js';
import type { RegistryIndex } from './index-schema.js';
import { chooseVersion, fetchPublished, fetchTarball, type PublishedPackage } from './npm-fetch.js';
import type { NpmOptions } from './npm-config.js';
import { resolveSpec, type ResolvedSpec } from './spec.js';
import type { StackStore } from './store.js';
import { checkBundledOnly } from './package-rules.js';

/** File written into each installed version: what was verified, for locks and audits. */
export const INSTALL_RECORD = '.dockstack-install.json';

/** Contents of {@link INSTALL_RECORD}. */
export interface InstallRecord {
  package: string;
  version: string;
  /** SRI sha512 of the tarball that was unpacked. */
  integrity: string;
  verifiedAgainst: 'index' | 'registry';
  registry: string;
}

/** Asked before installing a stack the index does not mark official. */
export interface TrustQuestion {
  package: string;
  version: string;
  registry: string;
  /** True when the index lists the package (as a community stack). */
  listed: boolean;
}

/** What install needs from its caller. */
export interface InstallContext {
  index: RegistryIndex;
  npm: NpmOptions;
  store: StackStore;
  /** Install a non-official stack without asking. */
  trust?: boolean;
  /** Asks the user (terminal only); absent when nobody can answer. */
  confirm?: (question: TrustQuestion) => Promise<boolean>;
}

/** The outcome of one install. */
export interface InstallResult {
  id: string;
  package: string;
  version: string;
  dir: string;
  integrity: string;
  /** What the tarball was checked against besides the registry's own metadata. */
  verifiedAgainst: 'index' | 'registry';
  official: boolean;
  alreadyInstalled: boolean;
  /** Newer published versions skipped because they need another plugin API. */
  skipped: Array<{ version: string; apiRange?: string }>;
}

/**
 * Official trust is bound to what the index lists: the stack's id, this exact version and its
 * integrity (checked against the tarball by fetchTarball). A version the index does not list is
 * not official, whatever the package name.
 */
export function officialVersion(spec: Pick<ResolvedSpec, 'entry'>, version: string): boolean {
  return (
    spec.entry?.official === true &&
    spec.entry.versions.some((v) => v.version === version && typeof v.integrity === 'string' && v.integrity !== '')
  );
}

async function requireTrust(spec: ResolvedSpec, version: string, pkg: PublishedPackage, ctx: InstallContext): Promise<void> {
  if (officialVersion(spec, version) || ctx.trust === true) return;
  const question: TrustQuestion = { package: spec.package, version, registry: pkg.registry, listed: spec.entry !== undefined };
  if (ctx.confirm === undefined) {
    throw new DockstackError(
      'E_USAGE',
      `${spec.package}@${version} is not an official dockstack stack; installing it needs your confirmation`,
      {
        hint: `Its detector, templates and migrations are code that runs on your projects (in dockstack's sandbox: no writes, no processes, reads limited to the project). Review it, then re-run with --trust (no terminal to ask in).`,
        data: { package: spec.package, version, official: false },
      },
    );
  }
  if (!(await ctx.confirm(question)))
    throw new DockstackError('E_USAGE', `Installation of ${spec.package}@${version} cancelled`, { hint: 'Nothing was installed.' });
}

/** Unpacks, checks and activates a downloaded tarball; any failure leaves the store as it was. */
async function unpackAndActivate(
  store: StackStore,
  data: Buffer,
  spec: ResolvedSpec,
  version: string,
  record: InstallRecord,
): Promise<{ dir: string; stack: LoadedStack }> {
  const staging = await store.stage();
  try {
    const tar = await import('tar');
    // Regular files and folders only: a link in a tarball could point a template outside the package.
    const plain = (_path: string, entry: unknown): boolean => {
      const type = (entry as { type?: string }).type;
      return type === undefined || type === 'File' || type === 'OldFile' || type === 'Directory';
    };
    await pipeline(Readable.from(data), tar.x({ cwd: staging, strip: 1, filter: plain }));
    await checkBundledOnly(staging, spec.package);
    const stack = await loadStack(staging, 'installed');
    if (stack.packageName !== spec.package || stack.version !== version) {
      throw new DockstackError('E_STACK_INVALID', `The tarball of ${spec.package}@${version} holds ${stack.packageName}@${stack.version}`, {
        hint: 'The registry served another package; nothing was installed.',
      });
    }
    if (spec.entry !== undefined && spec.entry.id !== stack.id) {
      throw new DockstackError(
        'E_STACK_INVALID',
        `${spec.package}@${version} declares stack id "${stack.id}", but the index lists it as "${spec.entry.id}"`,
      );
    }
    await writeFile(path.join(staging, INSTALL_RECORD), `${JSON.stringify(record, null, 2)}\n`);
    const dir = await store.activate(staging, spec.package, version);
    // Best effort: loading the catalog links it again when this fails.
    await store.linkPluginApi().catch(() => undefined);
    return { dir, stack: { ...stack, dir } };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * `stacks install <id|package>[@range]`: resolve through the index or the naming
 * convention, pick a version that admits the running plugin API, ask for trust when the
 * stack is not official, download with the user's npm config, verify integrity (registry
 * metadata, and the index when it records this version), validate the manifest with the
 * loader, then move it into the store. Nothing is left behind on failure.
 */
export async function installStack(specText: string, ctx: InstallContext): Promise<InstallResult> {
  const spec = resolveSpec(specText, ctx.index);
  const pkg = await fetchPublished(spec.package, ctx.npm);
  const chosen = chooseVersion(pkg, spec.range);
  // Newer, not deprecated versions in range that lost only because of their plugin API range.
  const skipped = pkg.versions
    .filter((v) => semver.gt(v.version, chosen.version) && (spec.range === undefined || semver.satisfies(v.version, spec.range)))
    .flatMap((v) => (v.apiRange !== undefined && v.deprecated === undefined ? [{ version: v.version, apiRange: v.apiRange }] : []));
  const official = officialVersion(spec, chosen.version);
  const existing = (await ctx.store.list()).find((e) => e.package === spec.package && e.version === chosen.version);
  if (existing !== undefined) {
    const record = await readFile(path.join(existing.dir, INSTALL_RECORD), 'utf8').then(
      (t) => JSON.parse(t) as InstallRecord,
      () => undefined,
    );
    return {
      id: existing.id ?? spec.entry?.id ?? '?',
      package: spec.package,
      version: chosen.version,
      dir: existing.dir,
      integrity: record?.integrity ?? chosen.integrity ?? '',
      verifiedAgainst: record?.verifiedAgainst ?? 'registry',
      official,
      alreadyInstalled: true,
      skipped,
    };
  }
  await requireTrust(spec, chosen.version, pkg, ctx);
  const indexIntegrity = spec.entry?.versions.find((v) => v.version === chosen.version)?.integrity;
  const { data, integrity } = await fetchTarball(spec.package, chosen.version, ctx.npm, indexIntegrity);
  const verifiedAgainst = indexIntegrity === undefined ? 'registry' : 'index';
  const record: InstallRecord = { package: spec.package, version: chosen.version, integrity, verifiedAgainst, registry: pkg.registry };
  const { dir, stack } = await unpackAndActivate(ctx.store, data, spec, chosen.version, record);
  return {
    id: stack.id,
    package: spec.package,
    version: chosen.version,
    dir,
    integrity,
    verifiedAgainst,
    official,
    alreadyInstalled: false,
    skipped,
  };
}
