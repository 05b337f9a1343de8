import type { Model } from './model.js';
import { isRuleId } from './rules.js';
import type { Finding } from './types.js';

/** `# dockstack-lint ignore=DS-38,DS-39` on its own line: those rules are off for the next instruction. */
export const IGNORE_PATTERN = /^\s*#\s*dockstack-lint\s+ignore\s*=\s*(.*?)\s*$/;

interface Suppression {
  rules: Set<string>;
  from: number;
  to: number;
}

/** Reads the ignore comments; unknown rule ids and comments with nothing to apply to become notes. */
export function suppressions(model: Model): { list: Suppression[]; notes: string[] } {
  const list: Suppression[] = [];
  const notes: string[] = [];
  model.lines.forEach((text, i) => {
    const m = IGNORE_PATTERN.exec(text);
    if (!m) return;
    const line = i + 1;
    if (model.insts.some((inst) => line > inst.line && line <= inst.endLine)) return;
    const ids = (m[1] ?? '').split(/[\s,]+/).filter(Boolean);
    const unknown = ids.filter((id) => !isRuleId(id));
    if (unknown.length > 0) notes.push(`line ${line}: unknown rule id in ignore comment: ${unknown.join(', ')}`);
    const next = model.insts.find((inst) => inst.line > line);
    if (!next) {
      notes.push(`line ${line}: ignore comment has no instruction after it`);
      return;
    }
    list.push({ rules: new Set(ids.filter(isRuleId)), from: next.line, to: next.endLine });
  });
  return { list, notes };
}

/** Drops findings an ignore comment covers. */
export function applySuppressions(findings: Finding[], list: Suppression[]): Finding[] {
  return findings.filter((f) => !list.some((s) => s.rules.has(f.rule) && f.line >= s.from && f.line <= s.to));
}
