import type { StackChoice } from './generate.js';

/** `add <stack>` in a folder where the stack's detector found none of its evidence. */
export interface MissingEvidence {
  stack: string;
  /** Service folder relative to the project root. */
  path: string;
  /** Files the stack looks for (its manifest's `detectHints`), when it declares them. */
  expected: string[];
  message: string;
  hint: string;
}

/**
 * Whether a named stack found none of its evidence in the service folder: it has a detector (or
 * declares `detectHints`) and the detector returned no candidate. A stack without either cannot
 * tell, so nothing is reported. Pure.
 */
export function missingEvidence(choice: StackChoice, servicePath: string): MissingEvidence | undefined {
  const { stack } = choice;
  const expected = stack.manifest.detectHints ?? [];
  if (stack.detectorPath === undefined && expected.length === 0) return undefined;
  if (choice.candidate !== undefined) return undefined;
  const where = servicePath === '.' ? 'the project folder' : servicePath;
  const looked = expected.length > 0 ? `expected one of ${expected.join(', ')}` : `its detector recognised nothing`;
  return {
    stack: stack.id,
    path: servicePath,
    expected,
    message: `No ${stack.displayName ?? stack.id} evidence in ${where} (${looked}): the ${stack.id} Dockerfile assumes the stack's defaults, which may name files that do not exist`,
    hint: `Check the stack (dockstack detect shows what each stack recognises), the folder (--path), or set the options the defaults guess with --set. --strict turns this warning into an error (exit 5).`,
  };
}
