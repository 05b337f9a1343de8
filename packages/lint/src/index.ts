export { lintDockerfile } from './lint.js';
export { lintHook } from './hook.js';
export { formatFindings, countFindings, withDoc } from './format.js';
export { RULES, type RuleInfo } from './rules.js';
export { rulesTable } from './rules-table.js';
export { IGNORE_PATTERN } from './ignore.js';
export { SHELLCHECK_MISSING_NOTE, shellcheckLevel } from './shellcheck.js';
export type { Finding, Level, LintOptions, LintResult, RuleId } from './types.js';
export {
  POLICY_RULES,
  allRules,
  ruleById,
  ruleDocPath,
  rulePage,
  rulePages,
  rulesForLine,
  rulesIndexPage,
  type AnyRule,
  type PolicyRule,
} from './rule-docs.js';
