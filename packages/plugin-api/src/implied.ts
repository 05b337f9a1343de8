import { propose, type Findings } from './findings.js';
import type { ProjectView } from './index.js';

/** When an {@link Implied} entry applies: one of `deps` is a dependency, and every one of `files` exists. */
export interface ImpliedWhen {
  deps?: readonly string[];
  files?: readonly string[];
}

/** What a framework implies, as data: an option value with its reason, or a note, under a condition. */
export type Implied = ImpliedWhen & ({ option: string; value: unknown; why: string } | { note: string });

/**
 * Applies a framework's table of implied settings in order: each entry whose condition holds for the
 * project (its dependency names `deps`, its files) proposes its option or adds its note.
 */
export async function proposeImplied(p: ProjectView, f: Findings, deps: ReadonlySet<string>, table: readonly Implied[]): Promise<void> {
  for (const entry of table) {
    if (entry.deps !== undefined && !entry.deps.some((d) => deps.has(d))) continue;
    let present = true;
    for (const file of entry.files ?? []) present &&= await p.exists(file);
    if (!present) continue;
    if ('note' in entry) f.notes.push(entry.note);
    else propose(f, entry.option, entry.value, entry.why);
  }
}
