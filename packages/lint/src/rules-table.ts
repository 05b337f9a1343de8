import { RULES } from './rules.js';

/** Markdown table of RULES, for the package README (kept in sync by a test). */
export function rulesTable(): string {
  const rows = RULES.map((r) => `| ${r.id} | ${r.level} | ${r.title} | ${r.doc.replace(/\|/g, '\\|')} |`);
  return ['| Rule | Level | Title | What is checked |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
