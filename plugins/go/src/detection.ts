import type { Evidence } from '@dockstack/plugin-api';

/** What detection has found so far for one project (filled by the steps of `detect`). */
export interface Detection {
  reasons: Evidence[];
  why: Record<string, string>;
  notes: string[];
  options: Record<string, unknown>;
}
