import type { DetectResult, Evidence, ProcessProposal } from './index.js';

/**
 * What a detector has found so far: evidence, proposed options, why each was proposed, and notes.
 * Detection steps share one and fill it; {@link result} turns it into the detector's answer.
 */
export interface Findings {
  reasons: Evidence[];
  options: Record<string, unknown>;
  why: Record<string, string>;
  notes: string[];
  /** Other processes run from the same image (see {@link proposeProcess}). */
  processes?: ProcessProposal[];
}

/** An empty accumulator, optionally starting with some evidence. */
export function findings(...reasons: Evidence[]): Findings {
  return { reasons, options: {}, why: {}, notes: [] };
}

/** Proposes `value` for `option`, with the reason `init` shows for it, and records any `seen` evidence. */
export function propose(f: Findings, option: string, value: unknown, why: string, ...seen: Evidence[]): void {
  f.options[option] = value;
  f.why[option] = why;
  f.reasons.push(...seen);
}

/** Proposes a process run from the same image besides its command (a queue worker, a scheduler); a later one of the same name replaces it. */
export function proposeProcess(f: Findings, name: string, command: string, why: string, ...seen: Evidence[]): void {
  f.processes = [...(f.processes ?? []).filter((p) => p.name !== name), { name, command, why }];
  f.reasons.push(...seen);
}

/** Records that `file` says `says`. */
export function evidence(f: Findings, file: string, says: string): void {
  f.reasons.push({ file, says });
}

/** The detector's answer: the accumulated findings at `confidence`. */
export function result(f: Findings, confidence: number): DetectResult {
  return {
    confidence,
    reasons: f.reasons,
    options: f.options,
    why: f.why,
    notes: f.notes,
    ...(f.processes === undefined || f.processes.length === 0 ? {} : { processes: f.processes }),
  };
}
