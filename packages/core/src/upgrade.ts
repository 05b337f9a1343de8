import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import semver from 'semver';
import type { StackCatalog } from './catalog.js';
import { upsertService } from './config-write.js';
import { configLayer, serviceContext, servicePath, type LoadedConfig, type ProjectConfig } from './config.js';
import { containedDir } from './contain.js';
import { isTrustedStack, migrateSandboxed } from './sandbox/index.js';
import { DockstackError } from './errors.js';
import { matchesLock, renderLocked, type StackChoice } from './generate.js';
import { loadMigrations, type LoadedStack } from './loader.js';
import { LOCK_FILE, lockedStack, type LockedService, type Lockfile } from './lock.js';
import { mergeThreeWay } from './merge.js';
import type { OptionLayer, ResolvedOptions } from './options.js';
import { plan } from './pipeline.js';
import { planProject, type ProjectPlan } from './project/plan.js';
import { readProjectFile } from './project/read-file.js';

/** What to upgrade for one service. */
export interface UpgradeRequest {
  /** Service folder relative to the project root. */
  path: string;
  /** Its build context when that is not its folder (config `context`). */
  context?: string;
  locked: LockedService;
  /** The config's options for the service (migrations run on these). */
  config?: OptionLayer;
  /** `--to RANGE`, else the config's range, else any version. */
  range?: string;
}

/** A migration that ran, and what it changed in the config's options. */
export interface AppliedMigration {
  version: string;
  description: string;
  /** e.g. `renamed? removed "oldName"`, `added "newName" = "x"`. */
  changes: string[];
}

/** One file after the merge. */
export interface UpgradedFile {
  /** Relative to the service folder. */
  path: string;
  /**
   * `unchanged` (nothing to do), `updated` (you had not edited it: the new template's text),
   * `merged` (your edits and the template's changes combined), `conflict` (markers written),
   * `created` (the file was missing), `kept` (the template did not change it: your text stays).
   */
  status: 'unchanged' | 'updated' | 'merged' | 'conflict' | 'created' | 'kept';
  content: string;
  /** The file's text before the upgrade (undefined when missing). */
  previous?: string;
  conflicts: number;
}

/** The outcome for one service: versions, migrations, merged files and the new lock entry. */
export interface ServiceUpgrade {
  path: string;
  stack: string;
  from: string;
  to: string;
  upToDate: boolean;
  migrations: AppliedMigration[];
  /** The config's options after migrations (to write back). */
  configOptions: Record<string, unknown>;
  files: UpgradedFile[];
  entry: LockedService;
  choice: StackChoice;
  options: ResolvedOptions;
}

function describeChanges(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const changes: string[] = [];
  for (const key of Object.keys(before)) if (!(key in after)) changes.push(`removed "${key}"`);
  for (const [key, value] of Object.entries(after)) {
    if (!(key in before)) changes.push(`added "${key}" = ${JSON.stringify(value)}`);
    else if (!isDeepStrictEqual(before[key], value))
      changes.push(`changed "${key}" ${JSON.stringify(before[key])} -> ${JSON.stringify(value)}`);
  }
  return changes;
}

/** Runs the migrations of versions in (from, to] on the config options, oldest first. */
export async function runMigrations(
  target: LoadedStack,
  from: string,
  options: Record<string, unknown>,
): Promise<{ options: Record<string, unknown>; applied: AppliedMigration[] }> {
  if (!semver.gt(target.version, from)) return { options, applied: [] };
  if (!isTrustedStack(target)) {
    // migrations are code: a stack that is not bundled runs them in the permission sandbox
    const done = await migrateSandboxed(target, from, options);
    return {
      options: done.options,
      applied: done.steps.map((s) => ({ version: s.version, description: s.description, changes: describeChanges(s.before, s.after) })),
    };
  }
  const all = await loadMigrations(target).catch((cause: unknown) => {
    throw new DockstackError(
      'E_STACK_INVALID',
      `Migrations of ${target.id}@${target.version} failed to load: ${(cause as Error).message}`,
      { file: target.migrationsPath, cause },
    );
  });
  const due = all
    .filter((m) => semver.valid(m.version) !== null && semver.gt(m.version, from) && semver.lte(m.version, target.version))
    .sort((a, b) => semver.compare(a.version, b.version));
  let current = { ...options };
  const applied: AppliedMigration[] = [];
  for (const m of due) {
    let next: Record<string, unknown>;
    try {
      next = m.migrate(Object.freeze({ ...current }) as Record<string, unknown>);
    } catch (cause) {
      throw new DockstackError(
        'E_STACK_INVALID',
        `Migration ${m.version} of ${target.id} ("${m.description}") failed: ${(cause as Error).message}`,
        {
          hint: 'This is a defect in the stack; report it to its author. Nothing was changed.',
          cause,
        },
      );
    }
    applied.push({ version: m.version, description: m.description, changes: describeChanges(current, next) });
    current = { ...next };
  }
  return { options: current, applied };
}

/**
 * Upgrades one service in the manner of Copier: renders the locked version with the locked
 * options (base), the newest installed version in range with the migrated options (theirs), and
 * merges base -> theirs into the current files (ours), so edits made by hand survive.
 * Reads only; the caller writes the files, config and lock.
 */
export async function upgradeService(
  catalog: StackCatalog,
  root: string,
  request: UpgradeRequest,
  generatorVersion: string,
): Promise<ServiceUpgrade> {
  const { locked } = request;
  // The lock's service key must name a real folder inside the project (no symlink out of it).
  containedDir(root, request.path, {
    code: 'E_LOCK',
    what: `${'dockstack.lock.json'} service`,
    file: 'dockstack.lock.json',
    pointer: `/services/${request.path.replace(/~/g, '~0').replace(/\//g, '~1')}`,
  });
  const base = lockedStack(catalog, request.path, locked);
  const target = catalog.get(request.range === undefined ? locked.stack : `${locked.stack}@${request.range}`);
  const migrated = await runMigrations(target, base.version, request.config?.values ?? {});
  const config = request.config === undefined ? {} : { config: { ...request.config, values: migrated.options } };
  const planned = await plan(
    { path: request.path, ...(request.context === undefined ? {} : { context: request.context }), stack: target, ...config, locked },
    { root, generatorVersion },
  );
  const { choice, options, files: theirs } = planned;
  const upToDate = matchesLock(target, options, locked);
  const baseFiles = new Map(renderLocked(base, locked).map((f) => [f.path, f.content]));
  const labels = { base: `base (${base.id}@${base.version})`, theirs: `theirs (${target.id}@${target.version})` };
  const files: UpgradedFile[] = [];
  for (const file of theirs) {
    const read = await readProjectFile(root, path.posix.join(request.path, file.path), {
      code: 'E_LOCK',
      what: `${request.path} service file`,
      file: 'dockstack.lock.json',
    });
    if (read.status === 'not-a-file' || read.status === 'too-large') {
      throw new DockstackError(
        'E_WRITE',
        `${path.posix.join(request.path, file.path)} is ${read.status === 'too-large' ? 'larger than 16 MB' : 'not a regular file'}; nothing was written`,
        { file: path.posix.join(request.path, file.path), hint: 'Move it out of the way and run again.' },
      );
    }
    const ours = read.status === 'ok' ? read.text : undefined;
    const baseText = baseFiles.get(file.path) ?? '';
    if (ours === undefined) {
      files.push({ path: file.path, status: 'created', content: file.content, conflicts: 0 });
      continue;
    }
    const merged = mergeThreeWay(ours, baseText, file.content, { ours: `ours (${file.path} as it is)`, ...labels });
    const status: UpgradedFile['status'] =
      merged.conflicts > 0
        ? 'conflict'
        : merged.content === ours
          ? ours === file.content
            ? 'unchanged'
            : 'kept'
          : ours === baseText
            ? 'updated'
            : 'merged';
    files.push({ path: file.path, status, content: merged.content, previous: ours, conflicts: merged.conflicts });
  }
  // Up to date: the lock entry stays as it was, even when the installed copy of the version moved.
  const entry = upToDate ? locked : planned.entry;
  return {
    path: request.path,
    stack: target.id,
    from: base.version,
    to: target.version,
    upToDate,
    migrations: migrated.applied,
    configOptions: migrated.options,
    files,
    entry,
    choice,
    options,
  };
}

/** `dockstack upgrade`: every service (or those of one stack) upgraded, the next config and the write plan. */
export interface ProjectUpgrade {
  results: ServiceUpgrade[];
  plan: ProjectPlan;
  /** Files left with conflict markers, relative to the project root. */
  conflicts: string[];
}

/**
 * Upgrades the locked services (of `stack` when given) within `to` (saved in the config), else
 * each config range; migrated options and the range go back into the config, the new entries
 * into the lock. Reads only; compose files are left alone.
 */
export async function upgradeProject(
  catalog: StackCatalog,
  state: { root: string; lock: Lockfile; loaded?: LoadedConfig },
  scope: { stack?: string; to?: string },
  generatorVersion: string,
): Promise<ProjectUpgrade> {
  const { root, lock, loaded } = state;
  const paths = Object.keys(lock.services)
    .filter((at) => scope.stack === undefined || lock.services[at]?.stack === scope.stack)
    .sort();
  if (paths.length === 0) {
    throw new DockstackError('E_USAGE', `No service in ${LOCK_FILE} uses stack "${scope.stack ?? ''}"`, {
      hint: `Locked stacks: ${[...new Set(Object.values(lock.services).map((s) => s.stack))].join(', ')}.`,
    });
  }
  const results: ServiceUpgrade[] = [];
  let nextConfig: ProjectConfig | undefined = loaded?.config;
  for (const at of paths) {
    const locked = lock.services[at];
    if (locked === undefined) continue;
    const index = loaded?.config.stacks.findIndex((s) => servicePath(s) === at) ?? -1;
    const entry = index >= 0 ? loaded?.config.stacks[index] : undefined;
    const range = scope.to ?? entry?.version;
    const result = await upgradeService(
      catalog,
      root,
      {
        path: at,
        ...(entry?.context === undefined ? {} : { context: serviceContext(entry) }),
        locked,
        ...(range === undefined ? {} : { range }),
        ...(loaded !== undefined && index >= 0 ? { config: configLayer(loaded, index) } : {}),
      },
      generatorVersion,
    );
    results.push(result);
    const { options: _old, ...rest } = entry ?? { stack: result.stack, path: at };
    const version =
      scope.to ?? (entry?.version !== undefined && semver.satisfies(result.to, entry.version) ? entry.version : `^${result.to}`);
    nextConfig = upsertService(nextConfig, {
      ...rest,
      stack: result.stack,
      version,
      ...(Object.keys(result.configOptions).length > 0 ? { options: result.configOptions } : {}),
    });
  }
  const services = { ...lock.services };
  for (const r of results) services[r.path] = r.entry;
  const writes = await planProject({
    root,
    ...(loaded === undefined ? {} : { loaded }),
    nextConfig: nextConfig ?? { stacks: [] },
    lockBefore: lock,
    nextLock: { lockfileVersion: 1, services },
    files: results.flatMap((r) => r.files.map((f) => ({ path: path.posix.join(r.path, f.path), content: f.content }))),
    generatorVersion,
    frozen: false,
    compose: false,
  });
  const conflicts = results.flatMap((r) => r.files.filter((f) => f.conflicts > 0).map((f) => path.posix.join(r.path, f.path)));
  return { results, plan: writes, conflicts };
}
