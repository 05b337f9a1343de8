// Writes the README's "Real-world corpus" section (between its markers) from test/corpus/results.json.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { reclassify, type Classified } from './classify.js';

const START = '<!-- corpus:start -->';
const END = '<!-- corpus:end -->';
const CHECKS = ['init', 'build', 'answer', 'healthy', 'nonRoot', 'stop', 'cachedRebuild'] as const;
const MARK: Record<string, string> = { pass: 'ok', fail: '**FAIL**', '-': '-' };

interface Row {
  id: string;
  tool: string;
  toolVersion: string;
  packageManager: string;
  stackChosen?: string;
  checks: Record<(typeof CHECKS)[number], string>;
  passed: boolean;
  failure?: Classified;
  seconds: number;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/`/g, "'").replace(/\s+/g, ' ');

export function renderTable(
  file: { date: string; engine: string; totalSeconds: number; results: Row[] },
  manifest: { apps: Array<{ id: string }>; notScaffolded?: Array<{ tool: string; version: string; why: string }> },
): string {
  const rows = file.results.map((r) => (r.failure ? { ...r, failure: reclassify(r.failure) } : r));
  const passed = rows.filter((r) => r.passed).length;
  const out: string[] = [];
  out.push(
    `Run ${file.date} on Docker engine ${file.engine}, stand-in base images: ` +
      `**${passed} of ${rows.length} apps passed every check** (corpus: ${manifest.apps.length} apps; ` +
      `${rows.length < manifest.apps.length ? `${manifest.apps.length - rows.length} not run yet; ` : ''}sum of the apps' wall times ${Math.round(rows.reduce((t, r) => t + r.seconds, 0) / 60)} min). ` +
      'Apps are made by each framework\'s own scaffolding tool (test/corpus/corpus.json records tool, version and command); ' +
      'regenerate with `node scripts/corpus/regenerate.mjs`, run with `pnpm test:corpus`.',
  );
  out.push('');
  out.push(
    `Per check (pass / fail): ${CHECKS.map((c) => `${c} ${rows.filter((r) => r.checks[c] === 'pass').length}/${rows.filter((r) => r.checks[c] === 'fail').length}`).join(', ')}.`,
  );
  out.push('');
  out.push('| app | scaffold tool | package manager | stack | init | build | answer on PORT | healthy | non-root | stop < 2 s | cached rebuild | failure class: error line |');
  out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    out.push(
      `| ${r.id} | ${r.tool} ${r.toolVersion} | ${r.packageManager} | ${r.stackChosen?.replace(/\.$/, '') ?? '-'} | ${CHECKS.map((c) => MARK[r.checks[c]] ?? r.checks[c]).join(' | ')} | ${
        r.failure ? `${cell(r.failure.class)}: \`${cell(r.failure.line)}\`` : ''
      } |`,
    );
  }
  const notRun = manifest.apps.filter((a) => !rows.some((r) => r.id === a.id));
  if (notRun.length > 0) {
    out.push('');
    out.push(`Not run in this run (time ran out; \`pnpm test:corpus <id>\` runs them): ${notRun.map((a) => a.id).join(', ')}.`);
  }
  const classes = new Map<string, number>();
  for (const r of rows) if (r.failure) classes.set(r.failure.class, (classes.get(r.failure.class) ?? 0) + 1);
  if (classes.size > 0) {
    out.push('');
    out.push(
      `Failure classes: ${[...classes.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([c, n]) => `${c} (${n})`)
        .join('; ')}.`,
    );
  }
  if (manifest.notScaffolded?.length) {
    out.push('');
    out.push('Could not be scaffolded or built here:');
    for (const n of manifest.notScaffolded) out.push(`- ${n.tool}${n.version === '-' ? '' : ` ${n.version}`}: ${n.why}`);
  }
  return out.join('\n');
}

export function writeReadmeTable(readme: string, file: Parameters<typeof renderTable>[0], manifest: Parameters<typeof renderTable>[1]): void {
  const text = existsSync(readme) ? readFileSync(readme, 'utf8') : '';
  const body = `${START}\n${renderTable(file, manifest)}\n${END}`;
  const at = text.indexOf(START);
  const end = text.indexOf(END);
  const next =
    at >= 0 && end > at ? text.slice(0, at) + body + text.slice(end + END.length) : `${text.trimEnd()}\n\n## Real-world corpus\n\n${body}\n`;
  writeFileSync(`${readme}.tmp`, next);
  renameSync(`${readme}.tmp`, readme);
}
