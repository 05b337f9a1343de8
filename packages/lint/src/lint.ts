import { buildModel } from './model.js';
import { applySuppressions, suppressions } from './ignore.js';
import { dockerignoreFindings } from './rules/dockerignore.js';
import { formFindings } from './rules/form.js';
import { runContexts } from './rules/run-context.js';
import { runFindings } from './rules/run.js';
import { runtimeFindings } from './rules/runtime.js';
import { stageFindings } from './rules/stages.js';
import { structureFindings, validatorFindings, validatorSkippedNote } from './rules/syntax.js';
import { variableFindings } from './rules/variables.js';
import { shellcheckFindings } from './shellcheck.js';
import type { Finding, LintOptions, LintResult } from './types.js';

/** Keeps the first finding per rule, line and message; validator findings only where ours say nothing for that rule and line. */
function merge(own: Finding[], validator: Finding[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of own) {
    const key = `${f.rule}:${f.line}:${f.message}`;
    if (!seen.has(key)) out.push(f);
    seen.add(key);
  }
  const covered = new Set(out.map((f) => `${f.rule}:${f.line}`));
  for (const f of validator) {
    if (covered.has(`${f.rule}:${f.line}`)) continue;
    covered.add(`${f.rule}:${f.line}`);
    out.push(f);
  }
  return out;
}

/**
 * Lints a Dockerfile against the E and W rules of QUALITY.md. Pure apart from running ShellCheck
 * (DS-38); reads no files: pass the `.dockerignore` content in `options.dockerignore`.
 */
export async function lintDockerfile(text: string, options: LintOptions = {}): Promise<LintResult> {
  const model = buildModel(text);
  const own = [
    ...structureFindings(model),
    ...stageFindings(model, options),
    ...formFindings(model),
    ...variableFindings(model),
    ...runFindings(model),
    ...runtimeFindings(model),
    ...dockerignoreFindings(model, options.dockerignore),
  ];
  const sc = await shellcheckFindings(model, runContexts(model), options.shellcheck ?? 'auto', options.shellcheckPath ?? 'shellcheck');
  const { list, notes } = suppressions(model);
  const merged = merge([...own, ...sc.findings], validatorFindings(model));
  const findings = applySuppressions(merged, list).sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));
  const skipped = validatorSkippedNote(model);
  return { findings, notes: [...sc.notes, ...notes, ...(skipped === undefined ? [] : [skipped])] };
}
