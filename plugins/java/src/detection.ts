import type { Evidence } from '@dockstack/plugin-api';

/** What detection has found so far for one project (filled by the steps of `detect`). */
export interface Detection {
  reasons: Evidence[];
  why: Record<string, string>;
  notes: string[];
  options: Record<string, unknown>;
}

/** Sets an option with its reason. */
export function propose(d: Detection, key: string, value: unknown, why: string): void {
  d.options[key] = value;
  d.why[key] = why;
}
