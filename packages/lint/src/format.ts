import type { Finding } from './types.js';

/** One line per finding: `file:line rule level message (hint)`. */
export function formatFindings(findings: readonly Finding[], file = 'Dockerfile'): string {
  return findings.map((f) => `${file}:${f.line} ${f.rule} ${f.level} ${f.message} (${f.hint})`).join('\n');
}

/** Error and warning counts. */
export function countFindings(findings: readonly Finding[]): { errors: number; warnings: number } {
  const errors = findings.filter((f) => f.level === 'error').length;
  return { errors, warnings: findings.length - errors };
}
