import path from 'node:path';
import { confirm, input, select } from '@inquirer/prompts';
import {
  DockstackError,
  applyWrites,
  generate,
  optionLayers,
  planWrites,
  resolveOptions,
  undecidedImportant,
  type Generation,
  type PlannedWrite,
  type StackChoice,
} from '@dockstack/core';
import { CLI_VERSION } from './stacks.js';

export interface FlowFlags {
  cwd: string;
  yes: boolean;
  force: boolean;
  dryRun: boolean;
  json: boolean;
  interactive: boolean;
  set: string[];
}

export interface FlowResult {
  generation: Generation;
  plan: PlannedWrite[];
  written: string[];
}

async function promptFor(choice: StackChoice, keys: string[]): Promise<Record<string, unknown>> {
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

/** Resolve options (prompting when a person is there), render, and write safely. */
export async function runGenerateFlow(choice: StackChoice, flags: FlowFlags, log: (line: string) => void): Promise<FlowResult> {
  const base = optionLayers(choice, { set: flags.set });
  let prompted: Record<string, unknown> | undefined;
  if (flags.interactive) {
    const first = resolveOptions(choice.stack.schema, base);
    const ask = undecidedImportant(choice.stack, first);
    if (ask.length > 0) prompted = await promptFor(choice, ask);
  }
  const layers = optionLayers(choice, { set: flags.set, ...(prompted === undefined ? {} : { prompted }) });
  const generation = generate(choice.stack, layers, CLI_VERSION);
  const plan = await planWrites(flags.cwd, generation.files);
  const changed = plan.filter((p) => p.status === 'overwrite');

  if (flags.dryRun) return { generation, plan, written: [] };
  if (changed.length > 0 && !flags.force) {
    const names = changed.map((c) => c.path).join(', ');
    if (flags.interactive) {
      for (const c of changed) log(c.diff ?? '');
      const ok = await confirm({ message: `Overwrite ${names} with the changes above?`, default: false });
      if (!ok) throw new DockstackError('E_FILE_EXISTS', `Left ${names} unchanged`, { hint: 'Nothing was written.' });
    } else {
      throw new DockstackError('E_FILE_EXISTS', `${names} already exist${changed.length === 1 ? 's' : ''} and differ${changed.length === 1 ? 's' : ''} from what would be generated; nothing was written`, {
        file: path.join(flags.cwd, changed[0]?.path ?? ''),
        hint: 'Run with --dry-run to see the diff, or --force to overwrite.',
        data: { files: changed.map((c) => c.path) },
      });
    }
  }
  const written = await applyWrites(plan);
  return { generation, plan, written };
}

/** `options` for --json: value, source and the detector's reason. */
export function optionsReport(choice: StackChoice, generation: Generation): Record<string, { value: unknown; source: string; why?: string }> {
  const why = choice.candidate?.result.why ?? {};
  const out: Record<string, { value: unknown; source: string; why?: string }> = {};
  for (const key of Object.keys(generation.options.values).sort()) {
    const source = generation.options.sources[key] ?? 'default';
    out[key] = { value: generation.options.values[key], source, ...(source === 'detection' && why[key] ? { why: why[key] } : {}) };
  }
  return out;
}

export function filesReport(plan: PlannedWrite[], written: string[], dryRun: boolean): Array<{ path: string; status: string }> {
  return plan.map((p) => ({
    path: p.path,
    status: p.status === 'unchanged' ? 'unchanged' : dryRun ? (p.status === 'create' ? 'would-create' : 'would-overwrite') : written.includes(p.path) ? (p.status === 'create' ? 'created' : 'overwritten') : 'skipped',
  }));
}

/** Human summary of a generation. */
export function printSummary(choice: StackChoice, result: FlowResult, flags: FlowFlags, log: (line: string) => void): void {
  const { generation, plan, written } = result;
  const c = choice.candidate;
  if (c !== undefined) {
    log(`Stack: ${choice.stack.id}@${choice.stack.version} (${choice.stack.displayName}), confidence ${c.result.confidence.toFixed(2)}`);
    for (const r of c.result.reasons) log(`  evidence  ${r.file}: ${r.says}`);
    for (const n of c.result.notes ?? []) log(`  note      ${n}`);
  } else {
    log(`Stack: ${choice.stack.id}@${choice.stack.version} (${choice.stack.displayName})`);
  }
  log('Choices:');
  for (const [key, o] of Object.entries(optionsReport(choice, generation))) {
    if (o.source === 'default') continue;
    log(`  ${key} = ${JSON.stringify(o.value)}  (${o.source}${o.why ? `: ${o.why}` : ''})`);
  }
  if (flags.dryRun) {
    for (const p of plan) {
      if (p.status === 'create') log(`would create ${p.path}`);
      if (p.status === 'overwrite') log(p.diff ?? '');
      if (p.status === 'unchanged') log(`${p.path} is up to date`);
    }
    return;
  }
  for (const f of filesReport(plan, written, false)) log(`${f.status.padEnd(11)} ${f.path}`);
}
