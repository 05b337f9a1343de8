import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { lintDockerfile, type LintOptions, type LintResult } from '@dockstack/lint';

export const FIXTURES = path.join(import.meta.dirname, 'fixtures');

/** The .dockerignore Docker would use: `<file>.dockerignore`, else `.dockerignore` in the folder. */
export function dockerignoreBeside(file: string): string | undefined {
  for (const candidate of [`${file}.dockerignore`, path.join(path.dirname(file), '.dockerignore')]) {
    if (existsSync(candidate)) return readFileSync(candidate, 'utf8');
  }
  return undefined;
}

/** Lints a fixture file with the .dockerignore beside it. */
export function lintFixture(file: string, options: LintOptions = {}): Promise<LintResult> {
  return lintDockerfile(readFileSync(file, 'utf8'), { dockerignore: dockerignoreBeside(file), ...options });
}

/** `*.Dockerfile` files of a fixture folder. */
export function dockerfilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.Dockerfile'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Lints inline text (with a .dockerignore that excludes the usual secrets unless given). */
export function lint(text: string, options: LintOptions = {}): Promise<LintResult> {
  return lintDockerfile(text, { dockerignore: '.git\n.env*\n*.pem\n*.key\nid_rsa*\n', ...options });
}

/** Dockerfile text from lines, so tests read like the file. */
export const df = (...lines: string[]): string => `${lines.join('\n')}\n`;
