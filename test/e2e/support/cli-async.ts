import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN } from '../../support/cli.js';

/** What a CLI run printed. */
export interface Run {
  status: number;
  stdout: string;
  stderr: string;
  json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * A user's isolated world: its own HOME, XDG dirs, dockstack data/cache/config dirs and
 * npm config files, with no npm_config_* variables inherited (pnpm exports some), so the
 * CLI sees only the npmrc the test writes.
 */
export class Sandbox {
  readonly env: Record<string, string>;
  readonly npmrc: string;

  /** `bin`: the CLI entry to run (default: this checkout's built CLI). */
  constructor(
    readonly root: string,
    readonly bin: string = BIN,
  ) {
    const dir = (name: string): string => {
      const d = path.join(root, name);
      mkdirSync(d, { recursive: true });
      return d;
    };
    this.npmrc = path.join(dir('home'), '.npmrc');
    const globalrc = path.join(dir('etc'), 'npmrc');
    writeFileSync(this.npmrc, '');
    writeFileSync(globalrc, '');
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^npm_config_/i.test(k) && k !== 'CI') env[k] = v;
    Object.assign(env, {
      HOME: dir('home'),
      XDG_DATA_HOME: dir('xdg-data'),
      XDG_CACHE_HOME: dir('xdg-cache'),
      XDG_CONFIG_HOME: dir('xdg-config'),
      DOCKSTACK_DATA_DIR: path.join(root, 'dockstack-data'),
      DOCKSTACK_CACHE_DIR: path.join(root, 'dockstack-cache'),
      DOCKSTACK_CONFIG_DIR: path.join(root, 'dockstack-config'),
      NPM_CONFIG_USERCONFIG: this.npmrc,
      NPM_CONFIG_GLOBALCONFIG: globalrc,
      FORCE_COLOR: '0',
    });
    this.env = env;
  }

  /** Writes the npmrc the CLI will read. */
  writeNpmrc(lines: string[]): void {
    writeFileSync(this.npmrc, `${lines.join('\n')}\n`);
  }

  /** Runs the built CLI as a child process (no terminal), without blocking the test's event loop. */
  run(args: string[], options: { env?: Record<string, string | undefined>; cwd?: string; timeoutMs?: number } = {}): Promise<Run> {
    const env: Record<string, string> = { ...this.env };
    for (const [k, v] of Object.entries(options.env ?? {})) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [this.bin, ...args], { cwd: options.cwd ?? this.root, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
      child.once('error', reject);
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ status: code ?? -1, stdout, stderr, json: () => JSON.parse(stdout) });
      });
    });
  }
}

/**
 * Runs the CLI in a pseudo-terminal (util-linux `script`), answering each prompt that
 * matches `prompt` with the next answer, as a person at a terminal would.
 */
export function runInTerminal(
  sandbox: Sandbox,
  args: string[],
  prompt: RegExp,
  answers: string[],
): Promise<{ status: number; output: string }> {
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: sandbox.root,
      env: { ...sandbox.env, TERM: 'xterm' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let seen = 0;
    const onData = (d: Buffer): void => {
      output += d.toString();
      const prompts = output.split(prompt).length - 1;
      while (seen < prompts && answers.length > 0) {
        seen += 1;
        child.stdin.write(`${answers.shift() as string}\r`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ status: code ?? -1, output });
    });
  });
}
