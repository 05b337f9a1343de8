import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '..', '..');
export const BIN = path.join(REPO, 'packages', 'cli', 'bin', 'run.js');

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
  json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Runs the built CLI as a user would: a child process, no terminal, CI unset unless given. */
export function runCli(args: string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}): CliResult {
  const env: Record<string, string | undefined> = { ...process.env, CI: undefined, FORCE_COLOR: '0', ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    input: '',
  });
  return {
    status: r.status ?? -1,
    stdout: r.stdout,
    stderr: r.stderr,
    json: () => JSON.parse(r.stdout),
  };
}

export function tempProject(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dockstack-cli-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    writeFileSync(file, content);
  }
  return dir;
}

/** A small Express-style Node project with a lockfile. */
export function nodeProject(extra: Record<string, string> = {}): string {
  return tempProject({
    'package.json': JSON.stringify(
      { name: 'demo-api', version: '1.0.0', license: 'MIT', scripts: { start: 'node server.js' }, dependencies: { express: '^4.21.0' } },
      null,
      2,
    ),
    'package-lock.json': JSON.stringify(
      { name: 'demo-api', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'demo-api', version: '1.0.0' } } },
      null,
      2,
    ),
    '.nvmrc': '22\n',
    'server.js': "require('http').createServer((q, s) => s.end('hi')).listen(process.env.PORT || 3000);\n",
    ...extra,
  });
}
