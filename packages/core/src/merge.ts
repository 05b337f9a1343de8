import { diff3Merge } from 'node-diff3';

/** Labels printed after the conflict markers. */
export interface MergeLabels {
  ours: string;
  base: string;
  theirs: string;
}

/** The result of a three-way merge. */
export interface MergeOutcome {
  content: string;
  /** Number of conflicting regions (each wrapped in markers). */
  conflicts: number;
}

function lines(text: string): string[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

/**
 * Line-based three-way merge (diff3, via node-diff3): changes made on only one side are taken;
 * the same change on both sides is taken once; different changes to the same lines become a
 * conflict wrapped in git's diff3-style markers:
 * `<<<<<<< ours`, `||||||| base`, `=======`, `>>>>>>> theirs`.
 */
export function mergeThreeWay(ours: string, base: string, theirs: string, labels: MergeLabels): MergeOutcome {
  if (ours === base || ours === theirs) return { content: theirs, conflicts: 0 };
  if (theirs === base) return { content: ours, conflicts: 0 };
  const regions = diff3Merge(lines(ours), lines(base), lines(theirs), { excludeFalseConflicts: true });
  const out: string[] = [];
  let conflicts = 0;
  for (const region of regions) {
    if (region.ok !== undefined) out.push(...region.ok);
    else if (region.conflict !== undefined) {
      conflicts++;
      out.push(
        `<<<<<<< ${labels.ours}`,
        ...region.conflict.a,
        `||||||| ${labels.base}`,
        ...region.conflict.o,
        '=======',
        ...region.conflict.b,
        `>>>>>>> ${labels.theirs}`,
      );
    }
  }
  const trailing = ours.endsWith('\n') || theirs.endsWith('\n') ? '\n' : '';
  return { content: out.length === 0 ? '' : `${out.join('\n')}${trailing}`, conflicts };
}

/** True when a text still holds a conflict block left by a merge. */
export function hasConflictMarkers(text: string): boolean {
  return /^<{7} .*\n[\s\S]*?^={7}\n[\s\S]*?^>{7} /m.test(text);
}
