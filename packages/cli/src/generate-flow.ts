import type { PolicedOptions } from '@dockstack/core';
import path from 'node:path';
import { Flags } from '@oclif/core';
import {
  DockstackError,
  LOCK_FILE,
  planRun,
  type OptionSource,
  type PlannedWrite,
  type ProjectConfig,
  type ProjectPlan,
  type ProjectState,
  type ResolvedOptions,
  type ServicePlan,
  type ServiceTarget,
  type StackCatalog,
  type StackChoice,
} from '@dockstack/core';
import { CLI_VERSION } from './stacks.js';
import { applyWritesAtomically } from './transaction.js';

export interface FlowFlags {
  cwd: string;
  yes: boolean;
  force: boolean;
  dryRun: boolean;
  json: boolean;
  interactive: boolean;
  /** Refuse to change the lock or config (`--frozen`, default on when CI is set). */
  frozen: boolean;
}

/** `--frozen` / `--no-frozen`: unset means "frozen when CI is set". */
export const frozenFlag = Flags.boolean({
  description: `Fail (E_LOCK) instead of creating or changing ${LOCK_FILE} or the config. On by default when CI is set and the project has a lock (the first lock is created); --no-frozen turns it off.`,
  allowNo: true,
});

/**
 * Whether a run is frozen: the flag when given; else, when the CI environment variable is set,
 * frozen only if the project already has a lock. Frozen guards an existing lock; it does not
 * forbid the first one (a CI job generating a Dockerfile on the fly creates it). An explicit
 * `--frozen` still refuses to create a lock, as `npm ci` refuses to run without one.
 */
export function isFrozen(flag: boolean | undefined, hasLock: boolean): boolean {
  if (flag !== undefined) return flag;
  const ci = process.env['CI'];
  return hasLock && ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

export interface FlowResult {
  renders: ServicePlan[];
  plan: ProjectPlan;
  written: string[];
  nextConfig: ProjectConfig;
  /** The config file the project already had, when any (reported as unchanged when not rewritten). */
  configRel?: string;
}

/** Prompts for important options detection could not decide (a terminal only). */
export async function promptFor(choice: StackChoice, keys: string[]): Promise<Record<string, unknown>> {
  const answers: Record<string, unknown> = {};
  // Loaded only when a person is asked something (never under --yes, --json or CI).
  const { confirm, input, select } = keys.length > 0 ? await import('@inquirer/prompts') : ({} as typeof import('@inquirer/prompts'));
  for (const key of keys) {
    const prop = choice.stack.schema.properties[key];
    if (prop === undefined) continue;
    const message = `${key}: ${prop.description}`;
    if (Array.isArray(prop.enum)) {
      answers[key] = await select({ message, choices: prop.enum.map((v) => ({ value: v, name: String(v) })), default: prop.default });
    } else if (prop.type === 'boolean') {
      answers[key] = await confirm({ message, default: prop.default === true });
    } else {
      const text = await input({ message, default: prop.default === undefined ? undefined : String(prop.default) });
      answers[key] = prop.type === 'integer' || prop.type === 'number' ? Number(text) : text;
    }
  }
  return answers;
}

async function refuseOverwrites(changed: PlannedWrite[], flags: FlowFlags, log: (line: string) => void): Promise<void> {
  if (changed.length === 0 || flags.force) return;
  const names = changed.map((c) => c.path).join(', ');
  if (flags.interactive) {
    for (const c of changed) log(c.diff ?? '');
    const { confirm } = await import('@inquirer/prompts');
    const ok = await confirm({ message: `Overwrite ${names} with the changes above?`, default: false });
    if (!ok) throw new DockstackError('E_FILE_EXISTS', `Left ${names} unchanged`, { hint: 'Nothing was written.' });
    return;
  }
  throw new DockstackError(
    'E_FILE_EXISTS',
    `${names} already exist${changed.length === 1 ? 's' : ''} and differ${changed.length === 1 ? 's' : ''} from what would be generated; nothing was written`,
    {
      file: path.join(flags.cwd, changed[0]?.path ?? ''),
      hint: 'Run with --dry-run to see the diff, or --force to overwrite.',
      data: { files: changed.map((c) => c.path) },
    },
  );
}

/**
 * Plans the run in core (prompting when a person is there; frozen lock changes refused there),
 * refuses silent overwrites, and writes everything atomically (or nothing).
 */
export async function runProjectFlow(
  catalog: StackCatalog,
  state: ProjectState,
  targets: readonly ServiceTarget[],
  flags: FlowFlags,
  log: (line: string) => void,
  scope: { keepOtherServices: boolean },
): Promise<FlowResult> {
  const settings = {
    generatorVersion: CLI_VERSION,
    frozen: flags.frozen,
    keepOtherServices: scope.keepOtherServices,
    ...(flags.interactive ? { ask: promptFor } : {}),
  };
  const { renders, plan, nextConfig } = await planRun(catalog, state, targets, settings);
  const configRel = state.loaded === undefined ? {} : { configRel: state.loaded.rel };
  if (flags.dryRun) return { renders, plan, written: [], nextConfig, ...configRel };
  await refuseOverwrites(
    [...plan.files, ...plan.compose].filter((p) => p.status === 'overwrite'),
    flags,
    log,
  );
  const written = await applyWritesAtomically(plan.all);
  return { renders, plan, written, nextConfig, ...configRel };
}

/** `options` for --json: value, source and the detector's reason. */
export function optionsReport(
  choice: StackChoice,
  options: ResolvedOptions,
): Record<string, { value: unknown; source: OptionSource; why?: string }> {
  const why = choice.candidate?.result.why ?? {};
  const out: Record<string, { value: unknown; source: OptionSource; why?: string }> = {};
  for (const key of Object.keys(options.values).sort()) {
    const source = options.sources[key] ?? 'default';
    out[key] = { value: options.values[key], source, ...(source === 'detection' && why[key] ? { why: why[key] } : {}) };
  }
  return out;
}

/** One status per planned file: created, overwritten, unchanged, skipped, would-create, would-overwrite. */
export function fileStatus(p: PlannedWrite, written: readonly string[], dryRun: boolean): string {
  if (p.status === 'unchanged') return 'unchanged';
  if (dryRun) return p.status === 'create' ? 'would-create' : 'would-overwrite';
  return written.includes(p.path) ? (p.status === 'create' ? 'created' : 'overwritten') : 'skipped';
}

export function filesReport(
  plan: readonly PlannedWrite[],
  written: readonly string[],
  dryRun: boolean,
): Array<{ path: string; status: string }> {
  return plan.map((p) => ({ path: p.path, status: fileStatus(p, written, dryRun) }));
}

/** The --json document of `init` and `add` (see docs/json-output.md). */
export function projectReport(command: string, state: ProjectState, result: FlowResult, flags: FlowFlags): Record<string, unknown> {
  const { renders, plan, written } = result;
  const single = renders.length === 1 ? renders[0] : undefined;
  const choice = single?.choice;
  const filesOf = (r: ServicePlan): PlannedWrite[] =>
    plan.files.filter((p) => r.files.some((f) => path.posix.join(r.path, f.path) === p.path));
  const configPath = plan.config?.path ?? state.loaded?.rel;
  return {
    ok: true,
    command,
    cwd: state.root,
    stack: choice === undefined ? null : { id: choice.stack.id, version: choice.stack.version, package: choice.stack.packageName },
    detection:
      choice === undefined
        ? null
        : {
            confidence: choice.candidate?.result.confidence ?? null,
            reasons: choice.candidate?.result.reasons ?? [],
            notes: choice.candidate?.result.notes ?? [],
            candidates: choice.detection?.candidates.map((c) => ({ id: c.stack.id, confidence: c.result.confidence })) ?? [],
            problems: choice.detection?.problems ?? [],
          },
    options: single === undefined ? {} : optionsReport(single.choice, single.options),
    files: filesReport(plan.files, written, flags.dryRun),
    services: renders.map((r) => ({
      path: r.path,
      stack: { id: r.choice.stack.id, version: r.choice.stack.version, package: r.choice.stack.packageName },
      fromLock: r.fromLock,
      options: optionsReport(r.choice, r.options),
      images: (r.options as PolicedOptions).images ?? null,
      files: filesReport(filesOf(r), written, flags.dryRun),
    })),
    compose: filesReport(plan.compose, written, flags.dryRun),
    config:
      configPath === undefined
        ? null
        : { path: configPath, status: plan.config === undefined ? 'unchanged' : fileStatus(plan.config, written, flags.dryRun) },
    lock: { path: LOCK_FILE, status: fileStatus(plan.lock, written, flags.dryRun) },
    frozen: flags.frozen,
    dryRun: flags.dryRun,
  };
}

function printService(r: ServicePlan, many: boolean, log: (line: string) => void): void {
  const s = r.choice.stack;
  const c = r.choice.candidate;
  const where = many ? `${r.path}: ` : '';
  log(
    `${where}Stack: ${s.id}@${s.version} (${s.displayName})${c === undefined ? '' : `, confidence ${c.result.confidence.toFixed(2)}`}${r.fromLock ? ` (as locked in ${LOCK_FILE})` : ''}`,
  );
  for (const e of c?.result.reasons ?? []) log(`  evidence  ${e.file}: ${e.says}`);
  for (const n of c?.result.notes ?? []) log(`  note      ${n}`);
  for (const p of r.choice.detection?.problems ?? []) if (p.dropped !== undefined && p.stack === s.id) log(`  dropped   ${p.message}`);
  for (const n of (r.options as PolicedOptions).images?.notes ?? [])
    log(`  ${n.kind === 'eol' || n.kind === 'not-current' ? 'warning' : 'image  '}   ${n.message}`);
  log('Choices:');
  for (const [key, o] of Object.entries(optionsReport(r.choice, r.options))) {
    if (o.source === 'default') continue;
    log(`  ${key} = ${JSON.stringify(o.value)}  (${o.source}${o.why ? `: ${o.why}` : ''})`);
  }
}

/** Human summary of a run. */
export function printSummary(result: FlowResult, flags: FlowFlags, log: (line: string) => void): void {
  const { renders, plan, written } = result;
  for (const r of renders) printService(r, renders.length > 1, log);
  const everything = [...plan.files, ...plan.compose, ...(plan.config === undefined ? [] : [plan.config]), plan.lock];
  if (flags.dryRun) {
    for (const p of everything) {
      if (p.status === 'create') log(`would create ${p.path}`);
      if (p.status === 'overwrite') log(p.diff ?? '');
      if (p.status === 'unchanged') log(`${p.path} is up to date`);
    }
    return;
  }
  for (const p of everything) log(`${fileStatus(p, written, false).padEnd(11)} ${p.path}`);
  if (plan.config === undefined && result.configRel !== undefined) log(`${'unchanged'.padEnd(11)} ${result.configRel}`);
}
