import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stageChain, type Model } from './model.js';
import { finding } from './rules.js';
import { globalScope, expandIn, scopeAt } from './scope.js';
import { shellAt, type RunContext } from './rules/run-context.js';
import type { Finding, Level } from './types.js';

/** The one note when ShellCheck is missing in `'auto'` mode. */
export const SHELLCHECK_MISSING_NOTE = 'shellcheck not found: DS-38 skipped (apt-get install shellcheck)';

interface Exec {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program with stdin, no shell involved. Rejects with ENOENT when it does not exist. */
function run(bin: string, args: string[], stdin: string): Promise<Exec> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'], timeout: 30_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
  });
}

const available = new Map<string, Promise<boolean>>();

/** ShellCheck is pure over its input: memoize results (option-combination runs repeat the same bodies). */
const memo = new Map<string, Promise<Exec>>();
function runCached(bin: string, args: string[], stdin: string): Promise<Exec> {
  const key = `${bin}\0${args.join('\0')}\0${stdin}`;
  let hit = memo.get(key);
  if (!hit) {
    if (memo.size > 5000) memo.clear();
    hit = run(bin, args, stdin);
    memo.set(key, hit);
  }
  return hit;
}

/** True when `bin --version` runs. Cached per path. */
export function shellcheckAvailable(bin: string): Promise<boolean> {
  let probe = available.get(bin);
  if (!probe) {
    probe = run(bin, ['--version'], '').then(
      (r) => r.code === 0,
      () => false,
    );
    available.set(bin, probe);
  }
  return probe;
}

function dialectOf(model: Model, ctx: RunContext): string | undefined {
  if (ctx.body.shebang) {
    const m = /^#!\s*(?:\/usr)?\/bin\/(?:env\s+)?(\w+)/.exec(ctx.body.shebang);
    const name = m?.[1] ?? '';
    if (name === 'bash' || name === 'ksh') return name;
    return ['sh', 'ash', 'dash'].includes(name) ? 'sh' : undefined;
  }
  const shell = (shellAt(model, ctx.inst)?.[0] ?? '/bin/sh').replace(/^.*\//, '');
  if (shell === 'bash' || shell === 'ksh') return shell;
  return ['sh', 'ash', 'dash'].includes(shell) ? 'sh' : undefined;
}

/** busybox ash (Alpine) supports `set -o pipefail`; dash (Debian's sh) does not. */
function onAlpine(model: Model, ctx: RunContext): boolean {
  const root = stageChain(model, ctx.inst.stage).pop();
  const image = root?.from.args[0];
  if (!image) return false;
  return /alpine/i.test(expandIn(model, image, globalScope(model)) ?? image);
}

/** ShellCheck's own severity decides: `error` fails lint; `warning`, `info` and `style` are warnings. */
export function shellcheckLevel(level: string): Level {
  return level === 'error' ? 'error' : 'warning';
}

interface Json1 {
  comments: Array<{ line: number; code: number; level: string; message: string }>;
}

/** One RUN body as ShellCheck sees it: arguments, script text and the line offset of the prelude. */
interface Prepared {
  ctx: RunContext;
  args: string[];
  script: string;
  offset: number;
}

function prepare(model: Model, ctx: RunContext): Prepared | undefined {
  const dialect = dialectOf(model, ctx);
  if (!dialect || ctx.body.lines.length === 0) return undefined;
  const names = [...scopeAt(model, ctx.inst).keys()].filter((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
  const lines = ctx.body.lines.map((l) => l.text);
  const prelude = names.length > 0 ? `export ${names.join(' ')}` : ':';
  let offset = 1;
  if (ctx.body.shebang) {
    lines[0] = prelude;
    offset = 0;
  } else lines.unshift(prelude);
  const exclude = ['SC1090', 'SC1091', ...(dialect === 'sh' && onAlpine(model, ctx) ? ['SC3040'] : [])];
  return {
    ctx,
    args: [`--shell=${dialect}`, '--format=json1', '--norc', `--exclude=${exclude.join(',')}`],
    script: `${lines.join('\n')}\n`,
    offset,
  };
}

function toFindings(p: Prepared, comments: Json1['comments']): Finding[] {
  return comments.flatMap((c) => {
    const target = p.ctx.body.lines[c.line - 1 - p.offset];
    if (!target || c.line - 1 - p.offset < 0) return [];
    const message = `ShellCheck SC${c.code} (${c.level}): ${c.message.replace(/\.?$/, '.')}`;
    return [
      finding(
        'DS-38',
        target.line,
        message,
        `Fix the shell code (see the ShellCheck wiki page SC${c.code}), or put \`# dockstack-lint ignore=DS-38\` above the RUN if it is intended.`,
      ),
    ];
  });
}

/** RUN bodies ShellCheck is run on per file; a longer file gets a note instead of minutes of work. */
export const MAX_SHELLCHECK_RUNS = 1_000;

/** RUN bodies per ShellCheck process when a file has many of them. */
const BATCH = 200;

/**
 * Many RUN bodies with one ShellCheck process per batch (each body a file in a private temporary
 * folder): one process per RUN made a 20,000-RUN file take many minutes.
 */
async function checkBatched(prepared: Prepared[], bin: string): Promise<Finding[]> {
  const groups = new Map<string, Prepared[]>();
  for (const p of prepared) groups.set(p.args.join('\0'), [...(groups.get(p.args.join('\0')) ?? []), p]);
  const dir = await mkdtemp(path.join(tmpdir(), 'dockstack-lint-'));
  const out: Finding[] = [];
  try {
    let n = 0;
    for (const group of groups.values()) {
      for (let i = 0; i < group.length; i += BATCH) {
        const chunk = group.slice(i, i + BATCH);
        const files = chunk.map(() => path.join(dir, `${(n += 1)}.sh`));
        await Promise.all(chunk.map((p, j) => writeFile(files[j] as string, p.script)));
        const result = await run(bin, [...(chunk[0] as Prepared).args, ...files], '');
        if (result.code !== 0 && result.code !== 1)
          throw new Error(`shellcheck failed on the RUN at line ${(chunk[0] as Prepared).ctx.inst.line}: ${result.stderr.trim()}`);
        const parsed = JSON.parse(result.stdout || '{"comments":[]}') as { comments: Array<Json1['comments'][number] & { file: string }> };
        chunk.forEach((p, j) =>
          out.push(
            ...toFindings(
              p,
              parsed.comments.filter((c) => c.file === files[j]),
            ),
          ),
        );
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return out;
}

async function checkOne(model: Model, ctx: RunContext, bin: string): Promise<Finding[]> {
  const dialect = dialectOf(model, ctx);
  if (!dialect || ctx.body.lines.length === 0) return [];
  const names = [...scopeAt(model, ctx.inst).keys()].filter((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
  const lines = ctx.body.lines.map((l) => l.text);
  // ARG and ENV values reach RUN as environment variables: declare them so SC2154 stays quiet.
  const prelude = names.length > 0 ? `export ${names.join(' ')}` : ':';
  let offset = 1;
  if (ctx.body.shebang) {
    lines[0] = prelude;
    offset = 0;
  } else lines.unshift(prelude);
  const exclude = ['SC1090', 'SC1091', ...(dialect === 'sh' && onAlpine(model, ctx) ? ['SC3040'] : [])];
  const result = await runCached(
    bin,
    [`--shell=${dialect}`, '--format=json1', '--norc', `--exclude=${exclude.join(',')}`, '-'],
    `${lines.join('\n')}\n`,
  );
  if (result.code !== 0 && result.code !== 1)
    throw new Error(`shellcheck failed on the RUN at line ${ctx.inst.line}: ${result.stderr.trim()}`);
  const parsed = JSON.parse(result.stdout || '{"comments":[]}') as Json1;
  return parsed.comments.flatMap((c) => {
    const target = ctx.body.lines[c.line - 1 - offset];
    if (!target || c.line - 1 - offset < 0) return [];
    const message = `ShellCheck SC${c.code} (${c.level}): ${c.message.replace(/\.?$/, '.')}`;
    const found = finding(
      'DS-38',
      target.line,
      message,
      `Fix the shell code (see the ShellCheck wiki page SC${c.code}), or put \`# dockstack-lint ignore=DS-38\` above the RUN if it is intended.`,
    );
    return [{ ...found, level: shellcheckLevel(c.level) }];
  });
}

/**
 * DS-38: ShellCheck over every shell-form RUN. Returns a note instead of findings when the binary
 * is missing in `'auto'` mode; throws when it is missing and required.
 */
export async function shellcheckFindings(
  model: Model,
  runs: RunContext[],
  mode: boolean | 'auto',
  bin: string,
): Promise<{ findings: Finding[]; notes: string[] }> {
  if (mode === false || runs.length === 0) return { findings: [], notes: [] };
  if (!(await shellcheckAvailable(bin))) {
    if (mode === 'auto') return { findings: [], notes: [SHELLCHECK_MISSING_NOTE] };
    throw new Error(`shellcheck (${bin}) not found; install it (apt-get install shellcheck) or lint with shellcheck: 'auto'`);
  }
  if (model.escape !== '\\') return { findings: [], notes: ['DS-38 skipped: the file uses a non-default escape character'] };
  // A few ShellCheck processes at a time: enough to overlap start-up, bounded for long files.
  if (runs.length > 16) {
    // bounded work on hostile input: ShellCheck sees at most MAX_SHELLCHECK_RUNS bodies, and says so
    const checked = runs.slice(0, MAX_SHELLCHECK_RUNS);
    const prepared = checked.map((r) => prepare(model, r)).filter((p): p is Prepared => p !== undefined);
    const notes =
      runs.length > checked.length ? [`DS-38 ShellCheck ran on the first ${checked.length} of ${runs.length} RUN instructions`] : [];
    return { findings: await checkBatched(prepared, bin), notes };
  }
  const results: Finding[][] = [];
  for (let i = 0; i < runs.length; i += 4) results.push(...(await Promise.all(runs.slice(i, i + 4).map((r) => checkOne(model, r, bin)))));
  return { findings: results.flat(), notes: [] };
}
