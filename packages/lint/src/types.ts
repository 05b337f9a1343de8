/** A rule id of QUALITY.md, e.g. `DS-10`. */
export type RuleId = `DS-${string}`;

/** How bad a finding is: errors fail `dockstack lint` (exit 13), warnings do not. */
export type Level = 'error' | 'warning';

/** One problem in a Dockerfile. */
export interface Finding {
  /** Stable rule id of QUALITY.md. */
  rule: RuleId;
  level: Level;
  /** 1-based line of the Dockerfile where the offending instruction (or part of it) is. */
  line: number;
  /** One sentence: what is wrong and why it matters. */
  message: string;
  /** One sentence: how to fix it. */
  hint: string;
}

/** Findings sorted by line, plus notes about checks that could not run. */
export interface LintResult {
  findings: Finding[];
  notes: string[];
}

export interface LintOptions {
  /** Content of the `.dockerignore` used with this Dockerfile; undefined means there is none. */
  dockerignore?: string;
  /** Path of the Dockerfile, only used in notes. */
  file?: string;
  /**
   * DS-38 (ShellCheck on RUN bodies). `'auto'` (default) runs it when the binary exists and adds one
   * note otherwise; `true` requires it (a missing binary throws); `false` skips it.
   */
  shellcheck?: boolean | 'auto';
  /** ShellCheck executable (default `shellcheck` on PATH). */
  shellcheckPath?: string;
  /** DS-13: registries base images may come from (e.g. `docker.io`, `ghcr.io`). Off when undefined. */
  allowedRegistries?: string[];
}
