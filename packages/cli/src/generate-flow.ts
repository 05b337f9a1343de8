import path from 'node:path';
import { confirm, input, select } from '@inquirer/prompts';
import { Flags } from '@oclif/core';
import {
  DockstackError,
  LOCK_FILE,
  parseSetFlags,
  planProject,
  renderService,
  upsertService,
  type LoadedConfig,
  type Lockfile,
  type PlannedWrite,
  type ProjectConfig,
  type ProjectPlan,
  type ResolvedOptions,
  type ServiceConfig,
  type ServiceRender,
  type ServiceRequest,
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
  set: string[];
  /** Refuse to change the lock or config (`--frozen`, default on when CI is set). */
  frozen: boolean;
}

/** `--frozen` / `--no-frozen`: unset means "frozen when CI is set". */
export const frozenFlag = Flags.boolean({
  description: `Fail (E_LOCK) instead of creating or changing ${LOCK_FILE} or the config. On by default when CI is set; --no-frozen turns it off.`,
  allowNo: true,
});

/** Whether a run is frozen: the flag when given, else whether the CI environment variable is set. */
export function isFrozen(flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  const ci = process.env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** One service to generate: the request for core and its config entry as it stands. */
export interface ServiceTarget {
  request: ServiceRequest;
  entry: ServiceConfig;
}

/** The project as found before the run. */
export interface ProjectState {
  root: string;
  loaded?: LoadedConfig;
  lock?: Lockfile;
}

export interface FlowResult {
  renders: ServiceRender[];
  plan: ProjectPlan;
  written: string[];
  nextConfig: ProjectConfig;
  /** The config file the project already had, when any (reported as unchanged when not rewritten). */
  configRel?: string;
}

/** Prompts for important options detection could not decide (a terminal only). */
export async function promptFor(choice: StackChoice, keys: string[]): Promise<Record<string, unknown>> {
  const answers: Record<string, unknown> = {};
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

/** The config entry after a run: --set flags and prompt answers saved, the range pinned when absent. */
export function nextEntry(target: ServiceTarget, render: ServiceRender, set: readonly string[]): ServiceConfig {
  const stack = render.choice.stack;
  const options = { ...(target.entry.options ?? {}), ...parseSetFlags(stack.schema, set), ...render.prompted };
  const name = target.entry.name;
  return {
    stack: stack.id,
    version: target.entry.version ?? `^${stack.version}`,
    path: render.path,
    ...(name === undefined ? {} : { name }),
    ...(Object.keys(options).length > 0 ? { options } : {}),
  };
}

async function refuseOverwrites(changed: PlannedWrite[], flags: FlowFlags, log: (line: string) => void): Promise<void> {
  if (changed.length === 0 || flags.force) return;
  const names = changed.map((c) => c.path).join(', ');
  if (flags.interactive) {
    for (const c of changed) log(c.diff ?? '');
    const ok = await confirm({ message: `Overwrite ${names} with the changes above?`, default: false });
    if (!ok) throw new DockstackError('E_FILE_EXISTS', `Left ${names} unchanged`, { hint: 'Nothing was written.' });
    return;
  }
  throw new DockstackError('E_FILE_EXISTS', `${names} already exist${changed.length === 1 ? 's' : ''} and differ${changed.length === 1 ? 's' : ''} from what would be generated; nothing was written`, {
    file: path.join(flags.cwd, changed[0]?.path ?? ''),
    hint: 'Run with --dry-run to see the diff, or --force to overwrite.',
    data: { files: changed.map((c) => c.path) },
  });
}

/**
 * Renders each service (prompting when a person is there), then plans the service files,
 * compose files, config and lock together; refuses silent overwrites and frozen lock changes;
 * writes everything atomically (or nothing).
 */
export async function runProjectFlow(
  catalog: StackCatalog,
  state: ProjectState,
  targets: readonly ServiceTarget[],
  flags: FlowFlags,
  log: (line: string) => void,
  scope: { keepOtherServices: boolean },
): Promise<FlowResult> {
  const renders: ServiceRender[] = [];
  for (const target of targets) {
    renders.push(await renderService(catalog, state.root, target.request, CLI_VERSION, flags.interactive ? promptFor : undefined));
  }
  const entries = targets.map((t, i) => nextEntry(t, renders[i] as ServiceRender, flags.set));
  let nextConfig: ProjectConfig = { ...(state.loaded?.config ?? {}), stacks: scope.keepOtherServices ? [...(state.loaded?.config.stacks ?? [])] : [] };
  for (const entry of entries) nextConfig = upsertService(nextConfig, entry);
  const services = scope.keepOtherServices ? { ...(state.lock?.services ?? {}) } : {};
  for (const r of renders) services[r.path] = r.entry;
  const plan = await planProject({
    root: state.root,
    ...(state.loaded === undefined ? {} : { loaded: state.loaded }),
    nextConfig,
    ...(state.lock === undefined ? {} : { lockBefore: state.lock }),
    nextLock: { lockfileVersion: 1, services },
    files: renders.flatMap((r) => r.files.map((f) => ({ path: path.posix.join(r.path, f.path), content: f.content }))),
    generatorVersion: CLI_VERSION,
    frozen: flags.frozen,
  });
  const configRel = state.loaded === undefined ? {} : { configRel: state.loaded.rel };
  if (flags.dryRun) return { renders, plan, written: [], nextConfig, ...configRel };
  await refuseOverwrites([...plan.files, ...plan.compose].filter((p) => p.status === 'overwrite'), flags, log);
  const written = await applyWritesAtomically(plan.all);
  return { renders, plan, written, nextConfig, ...configRel };
}

/** `options` for --json: value, source and the detector's reason. */
export function optionsReport(choice: StackChoice, options: ResolvedOptions): Record<string, { value: unknown; source: string; why?: string }> {
  const why = choice.candidate?.result.why ?? {};
  const out: Record<string, { value: unknown; source: string; why?: string }> = {};
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

export function filesReport(plan: readonly PlannedWrite[], written: readonly string[], dryRun: boolean): Array<{ path: string; status: string }> {
  return plan.map((p) => ({ path: p.path, status: fileStatus(p, written, dryRun) }));
}

/** The --json document of `init` and `add` (see docs/json-output.md). */
export function projectReport(command: string, state: ProjectState, result: FlowResult, flags: FlowFlags): Record<string, unknown> {
  const { renders, plan, written } = result;
  const single = renders.length === 1 ? renders[0] : undefined;
  const choice = single?.choice;
  const filesOf = (r: ServiceRender): PlannedWrite[] => plan.files.filter((p) => r.files.some((f) => path.posix.join(r.path, f.path) === p.path));
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
      files: filesReport(filesOf(r), written, flags.dryRun),
    })),
    compose: filesReport(plan.compose, written, flags.dryRun),
    config: configPath === undefined ? null : { path: configPath, status: plan.config === undefined ? 'unchanged' : fileStatus(plan.config, written, flags.dryRun) },
    lock: { path: LOCK_FILE, status: fileStatus(plan.lock, written, flags.dryRun) },
    frozen: flags.frozen,
    dryRun: flags.dryRun,
  };
}

function printService(r: ServiceRender, many: boolean, log: (line: string) => void): void {
  const s = r.choice.stack;
  const c = r.choice.candidate;
  const where = many ? `${r.path}: ` : '';
  log(`${where}Stack: ${s.id}@${s.version} (${s.displayName})${c === undefined ? '' : `, confidence ${c.result.confidence.toFixed(2)}`}${r.fromLock ? ` (as locked in ${LOCK_FILE})` : ''}`);
  for (const e of c?.result.reasons ?? []) log(`  evidence  ${e.file}: ${e.says}`);
  for (const n of c?.result.notes ?? []) log(`  note      ${n}`);
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
