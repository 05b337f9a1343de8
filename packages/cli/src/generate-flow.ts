import type { PolicedOptions } from '@dockstack/core';
import path from 'node:path';
import { Flags } from '@oclif/core';
import {
  CI_WORKFLOW_FILE,
  DockstackError,
  LOCK_FILE,
  planRun,
  type AskFn,
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
import { nextSteps } from './ui/next-steps.js';
import type { Progress } from './ui/progress.js';
import { askImportant } from './ui/prompts.js';
import type { Printer, Style } from './ui/style.js';

export interface FlowFlags {
  cwd: string;
  yes: boolean;
  force: boolean;
  dryRun: boolean;
  json: boolean;
  interactive: boolean;
  /** Refuse to change the lock or config (`--frozen`, default on when CI is set). */
  frozen: boolean;
  /** The spinner of the run (stopped before any prompt). */
  progress?: Progress;
  /** `--ci`: also write compose.yaml, docker-bake.hcl and the GitHub Actions workflow. */
  ci?: boolean;
}

/** `--ci` of init and add. */
export const ciFlag = Flags.boolean({
  description: `Also write compose.yaml, docker-bake.hcl (its targets import and export the build cache through the registry, type=registry, mode=max, at <image>:buildcache) and the GitHub Actions workflow ${CI_WORKFLOW_FILE} that builds them with docker/bake-action, even for a single service.`,
  default: false,
});

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

/**
 * The prompt of an interactive run: the important options of each service, pre-filled with the
 * detected value (or the default), validated in place. Options a target's config or --set decides
 * are not asked (the ask cannot tell services of one stack apart, so a key decided for any of them
 * is skipped for all).
 */
function promptFor(targets: readonly ServiceTarget[], progress: Progress | undefined): AskFn {
  const decided = new Map<string, Set<string>>();
  for (const t of targets) {
    const id = typeof t.request.stack === 'string' ? t.request.stack : t.request.stack.id;
    const keys = decided.get(id) ?? new Set<string>();
    for (const k of Object.keys(t.request.config?.values ?? {})) keys.add(k);
    const set = t.request.set;
    for (const k of Array.isArray(set) ? set.map((f: string) => f.slice(0, Math.max(0, f.indexOf('=')))) : Object.keys(set ?? {}))
      keys.add(k);
    decided.set(id, keys);
  }
  return async (choice, keys) => {
    progress?.stop();
    return askImportant(choice, keys, decided.get(choice.stack.id) ?? new Set());
  };
}

/** A unified diff, its added and removed lines coloured in a terminal. */
export function styledDiff(diff: string, style: Style): string {
  return diff
    .split('\n')
    .map((l) => {
      const text = style.safe(l);
      if (l.startsWith('+++') || l.startsWith('---')) return style.bold(text);
      if (l.startsWith('+')) return style.green(text);
      if (l.startsWith('-')) return style.red(text);
      if (l.startsWith('@@')) return style.cyan(text);
      return text;
    })
    .join('\n');
}

async function refuseOverwrites(changed: PlannedWrite[], flags: FlowFlags, out: Printer): Promise<void> {
  if (changed.length === 0 || flags.force) return;
  const names = changed.map((c) => c.path).join(', ');
  if (flags.interactive) {
    flags.progress?.stop();
    for (const c of changed) out.line(styledDiff(c.diff ?? '', out.style));
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
  out: Printer,
  scope: { keepOtherServices: boolean },
): Promise<FlowResult> {
  const settings = {
    generatorVersion: CLI_VERSION,
    frozen: flags.frozen,
    keepOtherServices: scope.keepOtherServices,
    ...(flags.ci === true ? { ci: true } : {}),
    ...(flags.interactive ? { ask: promptFor(targets, flags.progress) } : {}),
  };
  flags.progress?.start('Planning the files');
  const { renders, plan, nextConfig } = await planRun(catalog, state, targets, settings).catch((error: unknown) => {
    flags.progress?.stop();
    throw error;
  });
  flags.progress?.stop();
  const configRel = state.loaded === undefined ? {} : { configRel: state.loaded.rel };
  if (flags.dryRun) return { renders, plan, written: [], nextConfig, ...configRel };
  await refuseOverwrites(
    [...plan.files, ...plan.compose].filter((p) => p.status === 'overwrite'),
    flags,
    out,
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
      context: r.context ?? r.path,
      stack: { id: r.choice.stack.id, version: r.choice.stack.version, package: r.choice.stack.packageName },
      fromLock: r.fromLock,
      notes: r.choice.candidate?.result.notes ?? [],
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

/** The header of a service: its stack, the detection evidence, notes and image warnings. */
export function printEvidence(
  r: Pick<ServicePlan, 'path' | 'choice' | 'fromLock'> & { options?: ResolvedOptions },
  many: boolean,
  out: Printer,
): void {
  const { style: st, line } = out;
  const s = r.choice.stack;
  const c = r.choice.candidate;
  const where = many ? `${st.safe(r.path)}: ` : '';
  line(
    `${where}Stack: ${st.bold(`${s.id}@${s.version}`)} (${st.safe(s.displayName)})${c === undefined ? '' : `, confidence ${c.result.confidence.toFixed(2)}`}${r.fromLock ? ` (as locked in ${LOCK_FILE})` : ''}`,
  );
  for (const e of c?.result.reasons ?? []) line(`  ${st.dim('evidence')}  ${st.safe(e.file)}: ${st.safe(e.says)}`);
  for (const n of c?.result.notes ?? []) line(`  ${st.dim('note    ')}  ${st.safe(n)}`);
  for (const p of r.choice.detection?.problems ?? [])
    if (p.dropped !== undefined && p.stack === s.id) line(`  ${st.yellow('dropped')}   ${st.safe(p.message)}`);
  for (const n of (r.options as PolicedOptions | undefined)?.images?.notes ?? [])
    line(
      n.kind === 'eol' || n.kind === 'not-current'
        ? `  ${st.yellow('warning')}   ${st.safe(n.message)}`
        : `  ${st.dim('image  ')}   ${st.safe(n.message)}`,
    );
}

/**
 * The options of a service: every value someone or something chose (detection, config, prompt,
 * --set, image policy) and the important options left at their defaults, so a run always says
 * what it picked; the other defaults are counted.
 */
function printChoices(r: ServicePlan, out: Printer): void {
  const { style: st, line } = out;
  line('Choices:');
  let quiet = 0;
  for (const [key, o] of Object.entries(optionsReport(r.choice, r.options))) {
    if (o.source === 'default' && r.choice.stack.schema.properties[key]?.['x-important'] !== true) {
      quiet++;
      continue;
    }
    const why = `(${st.safe(o.source)}${o.why ? `: ${st.safe(o.why)}` : ''})`;
    line(`  ${st.cyan(key)} = ${st.safe(JSON.stringify(o.value))}  ${st.dim(why)}`);
  }
  if (quiet > 0)
    line(
      st.dim(
        `  ${quiet} other option${quiet === 1 ? '' : 's'} at ${quiet === 1 ? 'its default' : 'their defaults'} (dockstack stacks info ${r.choice.stack.id})`,
      ),
    );
}

const statusPaint = (st: Style, status: string): ((text: string) => string) =>
  status === 'created' || status === 'overwritten' ? st.green : status === 'skipped' ? st.yellow : st.dim;

/**
 * Human summary of a run: per service its evidence (unless a prompt already showed it) and
 * choices, then each file's status and the next commands to build, run and verify.
 */
export function printSummary(result: FlowResult, flags: FlowFlags, out: Printer, shown: ReadonlySet<string> = new Set()): void {
  const { style: st, line } = out;
  const { renders, plan, written } = result;
  for (const r of renders) {
    if (!shown.has(r.path)) printEvidence(r, renders.length > 1, out);
    else if (renders.length > 1) line(`${st.safe(r.path)}:`);
    printChoices(r, out);
    const processes = result.nextConfig.stacks.find((e) => (e.path ?? '.') === r.path)?.processes ?? {};
    if (Object.keys(processes).length > 0) line('Other processes (compose services running the same image):');
    for (const [name, command] of Object.entries(processes)) line(`  ${st.cyan(st.safe(name))}: ${st.safe(command)}`);
  }
  const everything = [...plan.files, ...plan.compose, ...(plan.config === undefined ? [] : [plan.config]), plan.lock];
  if (flags.dryRun) {
    for (const p of everything) {
      if (p.status === 'create') line(`would create ${st.safe(p.path)}`);
      if (p.status === 'overwrite') line(styledDiff(p.diff ?? '', st));
      if (p.status === 'unchanged') line(`${st.safe(p.path)} is up to date`);
    }
    return;
  }
  for (const p of everything) {
    const status = fileStatus(p, written, false);
    const mark = st.rich ? (status === 'created' || status === 'overwritten' ? st.ok : status === 'skipped' ? st.warn : '  ') : '';
    line(`${mark}${statusPaint(st, status)(status.padEnd(11))} ${st.safe(p.path)}`);
  }
  if (plan.config === undefined && result.configRel !== undefined)
    line(`${st.rich ? '  ' : ''}${st.dim('unchanged'.padEnd(11))} ${st.safe(result.configRel)}`);
  const services = renders.map((r) => ({
    path: r.path,
    ...(r.context === undefined ? {} : { context: r.context }),
    dockerfile: r.files.find((f) => f.path === 'Dockerfile')?.content,
  }));
  line('');
  line(st.bold('Next steps:'));
  for (const cmd of nextSteps(flags.cwd, services, plan.compose.length > 0)) line(`  ${st.cyan(st.safe(cmd))}`);
}
