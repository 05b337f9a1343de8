import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DetectResult } from '@dockstack/plugin-api';
import { DockstackError, type ErrorCode, type ErrorDetails } from '../errors.js';
import type { LoadedStack } from '../loader.js';
import type { ProjectStats } from '../project-fs.js';
import type { RenderedFile, RenderMeta } from '../render.js';

/** One job for the sandboxed child. */
export type SandboxJob =
  | { kind: 'detect'; detectorPath: string; root: string; budget: Record<string, number> }
  | { kind: 'render'; stack: Omit<LoadedStack, 'detectorPath' | 'migrationsPath'>; options: Record<string, unknown>; meta: RenderMeta }
  | { kind: 'migrate'; migrationsPath: string; from: string; to: string; options: Record<string, unknown> };

/** What the child answers. `refused` is set when the permission model stopped the stack's code. */
export type SandboxReply =
  | { ok: true; value: unknown }
  | {
      ok: false;
      message: string;
      refused?: { permission: string; resource: string };
      /** Every operation the permission model refused (FileSystemWrite, ChildProcess, FileSystemRead, WorkerThreads…). */
      refusals?: Array<{ permission: string; resource: string }>;
      dockstack?: { code: ErrorCode; details: ErrorDetails };
      stats?: ProjectStats;
      migration?: { version: string; description: string };
    };

/** Limits of one sandboxed job. */
export const SANDBOX_LIMITS = { timeoutMs: 10_000, memoryMb: 256 } as const;

/**
 * True when a stack's code runs in this process: only stacks bundled with dockstack. Installed,
 * linked and DOCKSTACK_STACK_PATH stacks are untrusted code and run in the sandbox.
 */
export function isTrustedStack(stack: Pick<LoadedStack, 'origin'>): boolean {
  return stack.origin === 'bundled';
}

const CHILD = fileURLToPath(new URL('./child.js', import.meta.url));

/**
 * Folders of dockstack's own code the child must read to run: core and the libraries its child
 * imports (ejs, semver, the project readers' parsers, plugin-api), each with its own dependencies,
 * followed through the package manager's layout (pnpm keeps each package in a folder of its own).
 */
/** The folder of package `name` as Node finds it from `from`: the nearest `node_modules/<name>` up the tree. */
function packageDir(name: string, from: string): string | undefined {
  for (let at = from; ; at = path.dirname(at)) {
    try {
      return realpathSync(path.join(at, 'node_modules', name));
    } catch {
      // not here: one level up
    }
    if (at === path.dirname(at)) return undefined;
  }
}

let codeRootsCache: string[] | undefined;
function codeRoots(): string[] {
  if (codeRootsCache !== undefined) return codeRootsCache;
  const coreRoot = path.resolve(path.dirname(CHILD), '..', '..');
  const roots = new Set([coreRoot, realpathSync(coreRoot)]);
  const visit = (name: string, from: string): void => {
    const dir = packageDir(name, from);
    if (dir === undefined) return; // not installed: the child fails loudly when it needs it
    if (roots.has(dir)) return;
    roots.add(dir);
    // The node_modules folder holding it: where the package manager links its dependencies (pnpm:
    // siblings in the same .pnpm/<name>@<version>/node_modules), which the resolver must stat.
    const holder = path.basename(path.dirname(dir)).startsWith('@') ? path.dirname(path.dirname(dir)) : path.dirname(dir);
    if (path.basename(holder) === 'node_modules') roots.add(holder);
    let deps: Record<string, string>;
    try {
      deps =
        (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {};
    } catch {
      deps = {};
    }
    for (const dep of Object.keys(deps)) visit(dep, dir);
  };
  for (const dep of CHILD_IMPORTS) visit(dep, coreRoot);
  codeRootsCache = [...roots];
  return codeRootsCache;
}

/** The packages the sandboxed child imports, directly or through core's modules it loads. */
const CHILD_IMPORTS = [
  'ejs',
  'semver',
  'fastest-levenshtein',
  '@dockstack/plugin-api',
  'fast-xml-parser',
  'json5',
  'jsonc-parser',
  'smol-toml',
  'yaml',
];

/**
 * Node flags of the child: the permission model with reads limited to `readRoots` plus dockstack's
 * own code, and no --allow-fs-write, --allow-child-process, --allow-worker or --allow-addons.
 */
export function sandboxArgs(readRoots: readonly string[]): string[] {
  // one flag per folder: Node 20.20 reads a comma in --allow-fs-read as part of the path
  const reads = [...new Set([...readRoots.flatMap((r) => [r, safeReal(r)]), ...codeRoots()])];
  return [
    '--experimental-permission',
    ...reads.map((r) => `--allow-fs-read=${r}`),
    `--max-old-space-size=${SANDBOX_LIMITS.memoryMb}`,
    '--disable-warning=ExperimentalWarning',
    '--no-addons',
  ];
}

function safeReal(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

function parseReply(stdout: string, nonce: string): SandboxReply | undefined {
  const line = stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(nonce));
  if (line === undefined) return undefined;
  try {
    return JSON.parse(line.slice(nonce.length)) as SandboxReply;
  } catch {
    return undefined;
  }
}

function failure(
  stdout: string,
  stderr: string,
  status: number | null,
  signal: string | null,
  timedOut: boolean,
  timeoutMs: number,
): SandboxReply {
  if (timedOut) return { ok: false, message: `did not finish within ${timeoutMs} ms (sandbox time limit)` };
  const oom = /heap out of memory|Allocation failed/i.test(stderr);
  if (oom) return { ok: false, message: `exceeded the sandbox memory limit (${SANDBOX_LIMITS.memoryMb} MB)` };
  const last = stderr
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '' && !/^\s+at /.test(l))
    .pop();
  return { ok: false, message: `sandboxed process ended (${signal ?? `exit ${String(status)}`})${last ? `: ${last.slice(0, 300)}` : ''}` };
}

/** A job of plain data (functions and proxies dropped) for the child. */
function jobText(job: SandboxJob): string {
  return JSON.stringify(job);
}

/** Runs a job synchronously (render is synchronous). */
export function runSandboxedSync(
  job: SandboxJob,
  readRoots: readonly string[],
  timeoutMs: number = SANDBOX_LIMITS.timeoutMs,
): SandboxReply {
  const nonce = `@@dockstack-sandbox-${randomBytes(12).toString('hex')}@@`;
  const r = spawnSync(process.execPath, [...sandboxArgs(readRoots), CHILD], {
    input: jobText(job),
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
    env: { DOCKSTACK_SANDBOX_NONCE: nonce },
    cwd: readRoots[0] ?? '/',
  });
  const reply = parseReply(r.stdout ?? '', nonce);
  if (reply !== undefined) return reply;
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return failure(r.stdout ?? '', r.stderr ?? '', r.status, r.signal, timedOut, timeoutMs);
}

/** Runs a job in the sandboxed child without blocking the event loop. */
export function runSandboxed(
  job: SandboxJob,
  readRoots: readonly string[],
  timeoutMs: number = SANDBOX_LIMITS.timeoutMs,
): Promise<SandboxReply> {
  const nonce = `@@dockstack-sandbox-${randomBytes(12).toString('hex')}@@`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...sandboxArgs(readRoots), CHILD], {
      env: { DOCKSTACK_SANDBOX_NONCE: nonce },
      cwd: readRoots[0] ?? '/',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (stdout.length < 64 * 1024 * 1024) stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < 1024 * 1024) stderr += d;
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(jobText(job));
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve(parseReply(stdout, nonce) ?? failure(stdout, stderr, status, signal, timedOut, timeoutMs));
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, message: `could not start the sandbox: ${error.message}` });
    });
  });
}

/** The reason a sandboxed job failed, for messages: names what the permission model refused. */
export function sandboxFailure(reply: SandboxReply & { ok: false }): string {
  if (reply.refusals !== undefined && reply.refusals.length > 0) return `refused by the sandbox: ${reply.message}`;
  if (reply.refused !== undefined)
    return `refused by the sandbox (${reply.refused.permission}${reply.refused.resource ? ` ${reply.refused.resource}` : ''}): ${reply.message}`;
  return reply.message;
}

/** A stack's detector run in the sandbox (reads: the project and the stack). */
export async function detectSandboxed(
  stack: LoadedStack,
  root: string,
  budget: Record<string, number>,
  timeoutMs: number,
): Promise<{ ok: true; result: DetectResult | null; stats: ProjectStats } | { ok: false; message: string; stats?: ProjectStats }> {
  if (stack.detectorPath === undefined)
    return { ok: true, result: null, stats: { filesRead: 0, bytesRead: 0, entriesListed: 0, truncated: [] } };
  const reply = await runSandboxed({ kind: 'detect', detectorPath: stack.detectorPath, root, budget }, [root, stack.dir], timeoutMs);
  if (reply.ok) {
    const value = reply.value as { result: DetectResult | null; stats: ProjectStats };
    return { ok: true, result: value.result, stats: value.stats };
  }
  return { ok: false, message: sandboxFailure(reply), ...(reply.stats === undefined ? {} : { stats: reply.stats }) };
}

/** A stack's templates rendered in the sandbox (reads: the stack only). */
export function renderSandboxed(stack: LoadedStack, options: Record<string, unknown>, meta: RenderMeta): RenderedFile[] {
  const { detectorPath: _d, migrationsPath: _m, ...data } = stack;
  const reply = runSandboxedSync({ kind: 'render', stack: data, options, meta }, [stack.dir]);
  if (reply.ok) return reply.value as RenderedFile[];
  if (reply.dockstack !== undefined && reply.refused === undefined)
    throw new DockstackError(reply.dockstack.code, reply.message, reply.dockstack.details);
  throw new DockstackError('E_TEMPLATE', `Template of stack ${stack.id}@${stack.version} failed: ${sandboxFailure(reply)}`, {
    hint: 'Stack templates may only compute text: this stack tried something else. Report it to its author; nothing was written.',
    data: { sandbox: reply.refusals ?? (reply.refused === undefined ? null : [reply.refused]) },
  });
}

/** One migration step as the sandbox reports it. */
export interface SandboxMigrationStep {
  version: string;
  description: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/** A stack's due migrations run in the sandbox (reads: the stack only). */
export async function migrateSandboxed(
  stack: LoadedStack,
  from: string,
  options: Record<string, unknown>,
): Promise<{ options: Record<string, unknown>; steps: SandboxMigrationStep[] }> {
  if (stack.migrationsPath === undefined) return { options, steps: [] };
  const reply = await runSandboxed({ kind: 'migrate', migrationsPath: stack.migrationsPath, from, to: stack.version, options }, [
    stack.dir,
  ]);
  if (reply.ok) return reply.value as { options: Record<string, unknown>; steps: SandboxMigrationStep[] };
  const which = reply.migration === undefined ? 'Migrations' : `Migration ${reply.migration.version} ("${reply.migration.description}")`;
  throw new DockstackError('E_STACK_INVALID', `${which} of ${stack.id}@${stack.version} failed: ${sandboxFailure(reply)}`, {
    hint: 'This is a defect in the stack (or it tried something a migration may not do); report it to its author. Nothing was changed.',
    data: { sandbox: reply.refusals ?? (reply.refused === undefined ? null : [reply.refused]) },
  });
}
