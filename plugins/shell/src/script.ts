import { evidence, type Findings, type ProjectView } from '@dockstack/plugin-api';

/** Entry-script names, most conventional first. */
export const SCRIPT_NAMES = ['start.sh', 'run.sh', 'main.sh', 'entrypoint.sh', 'app.sh', 'server.sh'] as const;

/** Interpreters the stack runs, by the name a shebang uses. */
const SHELLS: Record<string, string> = { bash: 'bash', sh: 'sh', dash: 'dash', zsh: 'zsh', mksh: 'mksh' };

const SCRIPT_PATH = /^(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;

export interface EntryScript {
  path: string;
  text: string;
  /** How it was found, for `why`. */
  how: string;
  /** The interpreter a Procfile line names before the script (`web: bash start.sh`). */
  launcher?: string;
  /** Arguments a Procfile line passes after the script. */
  args?: string;
}

/** The shell a shebang names (`#!/bin/bash`, `#!/usr/bin/env bash`, `#!/usr/bin/env -S bash -e`), or undefined. */
export function shebangShell(text: string): { shell: string; line: string } | undefined {
  const line = /^#!\s*(\S+)(?:\s+(.*))?/.exec(text.split('\n', 1)[0] ?? '');
  if (line === null) return undefined;
  let program = (line[1] ?? '').split('/').pop() ?? '';
  if (program === 'env') program = (line[2] ?? '').split(/\s+/).find((w) => !w.startsWith('-')) ?? '';
  const shell = SHELLS[program];
  return shell === undefined ? undefined : { shell, line: (text.split('\n', 1)[0] ?? '').trim() };
}

/** The script of a Procfile's `web:` line (`web: ./start.sh`, `web: bash bin/serve.sh --x`). */
async function fromProcfile(p: ProjectView, f: Findings): Promise<EntryScript | undefined> {
  const procfile = await p.readText('Procfile');
  if (procfile === undefined) return undefined;
  const web = /^web:\s*(.+)$/m.exec(procfile)?.[1]?.trim();
  if (web === undefined) return undefined;
  const words = web.split(/\s+/);
  const launcher = SHELLS[words[0] ?? ''] !== undefined ? words.shift() : undefined;
  const path = (words.shift() ?? '').replace(/^\.\//, '');
  const args = words.join(' ');
  if (!path.endsWith('.sh') && launcher === undefined) return undefined;
  if (!SCRIPT_PATH.test(path)) return undefined;
  const text = await p.readText(path);
  if (text === undefined) return undefined;
  evidence(f, 'Procfile', `web: ${web.slice(0, 80)}`);
  return {
    path,
    text,
    how: `the Procfile's web process runs ${path}`,
    ...(launcher === undefined ? {} : { launcher }),
    ...(/^[A-Za-z0-9_./:@=+,-]+( [A-Za-z0-9_./:@=+,-]+)*$/.test(args) && args.length <= 200 ? { args } : {}),
  };
}

/** Finds the entry script: the Procfile's web process, a conventional name, or the only root script with a shell shebang. */
export async function entryScript(p: ProjectView, f: Findings): Promise<EntryScript | undefined> {
  const procfile = await fromProcfile(p, f);
  if (procfile !== undefined) return procfile;
  for (const name of SCRIPT_NAMES) {
    const text = await p.readText(name);
    if (text !== undefined) return { path: name, text, how: `${name} is the conventional entry script` };
  }
  const withShebang: EntryScript[] = [];
  for (const entry of await p.list()) {
    if (entry.kind !== 'file' || !/\.(sh|bash|zsh)$/.test(entry.name) || !SCRIPT_PATH.test(entry.path)) continue;
    const text = await p.readText(entry.path);
    if (text !== undefined && shebangShell(text) !== undefined)
      withShebang.push({ path: entry.path, text, how: `${entry.path} is the only root script with a shell shebang` });
  }
  if (withShebang.length > 1)
    f.notes.push(
      `several root scripts (${withShebang.map((s) => s.path).join(', ')}) and none named ${SCRIPT_NAMES.join(', ')}: set --set script=<entry>`,
    );
  return withShebang.length === 1 ? withShebang[0] : undefined;
}
