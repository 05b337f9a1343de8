import type { Evidence } from '@dockstack/plugin-api';

/** What a detection step learned: evidence, proposed options, why each was proposed, and notes. */
export interface Findings {
  reasons: Evidence[];
  options: Record<string, unknown>;
  why: Record<string, string>;
  notes: string[];
}

/** Proposes `value` for `option` with the reason shown by `init`. */
export function propose(f: Findings, option: string, value: unknown, why: string): void {
  f.options[option] = value;
  f.why[option] = why;
}
