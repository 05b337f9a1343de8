/** A rule for choosing among candidates: which ones it accepts, and the reason `init` shows for the one chosen. */
export type ChoiceRule<T> = readonly [accepts: (candidate: T) => boolean, why: (chosen: T) => string];

/**
 * The first candidate the first rule accepts (rules tried in order, candidates in their order), with
 * that rule's reason; undefined when no rule accepts any. For "the main package", "the runnable
 * project", "the entry script": the precedence reads as a table.
 */
export function choose<T>(candidates: readonly T[], rules: ReadonlyArray<ChoiceRule<T>>): { chosen: T; why: string } | undefined {
  for (const [accepts, why] of rules) {
    const chosen = candidates.find(accepts);
    if (chosen !== undefined) return { chosen, why: why(chosen) };
  }
  return undefined;
}
