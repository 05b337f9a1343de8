import { ruleDocPath } from './rule-docs.js';
import type { Finding } from './types.js';

/** One line per finding: `file:line rule level message (hint) [docs/rules/<rule>.md]`. */
export function formatFindings(findings: readonly Finding[], file = 'Dockerfile'): string {
  return findings.map((f) => `${file}:${f.line} ${f.rule} ${f.level} ${f.message} (${f.hint}) [${ruleDocPath(f.rule)}]`).join('\n');
}

/** A finding with the path of its rule's page (docs/rules/<rule>.md), for --json. */
export function withDoc(f: Finding): Finding & { doc: string } {
  return { ...f, doc: ruleDocPath(f.rule) };
}

/** Error and warning counts. */
export function countFindings(findings: readonly Finding[]): { errors: number; warnings: number } {
  const errors = findings.filter((f) => f.level === 'error').length;
  return { errors, warnings: findings.length - errors };
}
