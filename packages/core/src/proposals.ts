import type { DetectResult } from '@dockstack/plugin-api';
import { defaultsOf, validatorFor, type OptionSchema } from './option-schema.js';
import { describeRule, findControlChars } from './options.js';
import { showValue } from './text.js';

/** A detected value that breaks the stack's schema: dropped, so the default or a later layer applies. */
export interface DroppedProposal {
  option: string;
  value: unknown;
  /** The rule it breaks, e.g. `must match the pattern ^\d+$`. */
  rule: string;
  /** The evidence file the detector named for the value, when it named one. */
  file?: string;
}

/** The evidence file a detector gave for an option: the first reason file its `why` text names. */
function fileOf(result: DetectResult, option: string): string | undefined {
  const why = result.why?.[option];
  if (why === undefined) return undefined;
  return result.reasons.map((r) => r.file).find((file) => file.length > 0 && why.includes(file));
}

/** One line for a dropped value, naming the file, the value and the rule. */
export function describeDropped(d: DroppedProposal): string {
  return `proposed ${d.option} = ${showValue(d.value)}${d.file === undefined ? '' : ` (from ${d.file})`}, which ${d.rule}: dropped, the default or a later layer applies`;
}

/**
 * Validates a detector's proposals against the stack's schema, so detectors need not repeat its
 * patterns: each value that breaks a rule (type, pattern, enum, bounds, control characters) is
 * dropped and reported. Returns the result without those values (and their `why`).
 */
export function checkProposals(schema: OptionSchema, result: DetectResult): { result: DetectResult; dropped: DroppedProposal[] } {
  const options = { ...result.options };
  const dropped: DroppedProposal[] = [];
  const drop = (option: string, rule: string): void => {
    const file = fileOf(result, option);
    dropped.push({ option, value: options[option], rule, ...(file === undefined ? {} : { file }) });
    delete options[option];
  };
  for (const [key, value] of Object.entries(options)) if (findControlChars(value)) drop(key, 'holds a newline or control character');
  const validate = validatorFor(schema);
  // Each round drops the proposals ajv blames; defaults fill the rest so only proposals are judged.
  for (let round = 0; round < 8 && Object.keys(options).length > 0; round++) {
    if (validate({ ...defaultsOf(schema), ...options })) break;
    const blamed = new Map<string, string>();
    for (const error of validate.errors ?? []) {
      const key = error.instancePath.split('/')[1];
      if (key !== undefined && key in options && !blamed.has(key)) blamed.set(key, describeRule(error));
    }
    if (blamed.size === 0) break;
    for (const [key, rule] of blamed) drop(key, rule);
  }
  if (dropped.length === 0) return { result, dropped };
  const why = result.why === undefined ? undefined : Object.fromEntries(Object.entries(result.why).filter(([key]) => key in options));
  return { result: { ...result, options, ...(why === undefined ? {} : { why }) }, dropped };
}
