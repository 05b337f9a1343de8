import { sourcePath } from '@dockstack/plugin-api';

/** What a `deno run|serve|compile` command line says. */
export interface DenoCommand {
  subcommand: 'run' | 'serve' | 'compile';
  entry?: string;
  permissions: string[];
  port?: number;
  output?: string;
}

const PERMISSION =
  /^(-A|-P|--allow-all|--permission-set(=[A-Za-z0-9_-]+)?|--(allow|deny)-(net|env|read|write|run|ffi|sys|import)(=[A-Za-z0-9_./:,@*-]+)?|--unstable(-[a-z0-9-]+)?)$/;
/** Flags that take their value as the next word. */
const WITH_VALUE = new Set([
  '--port',
  '--host',
  '--output',
  '-o',
  '--config',
  '-c',
  '--target',
  '--env-file',
  '--import-map',
  '--lock',
  '--include',
  '--icon',
  '--inspect',
]);

/** `./src/x.ts` -> `src/x.ts`, when it is a plain relative path inside the project. */
export const cleanEntry = (path: string): string | undefined => sourcePath(path, ['ts', 'tsx', 'js', 'jsx', 'mjs', 'mts']);

/**
 * Parses the first `deno run|serve|compile ...` of a task's command line: the permission flags
 * (grouped short flags like `-A` only), `--port`, `--output` and the entry module.
 */
export function parseDenoCommand(line: string): DenoCommand | undefined {
  const m = /\bdeno\s+(run|serve|compile)\b([^&|;]*)/.exec(line);
  if (!m) return undefined;
  const words = (m[2] ?? '').trim().split(/\s+/).filter(Boolean);
  const out: DenoCommand = { subcommand: m[1] as DenoCommand['subcommand'], permissions: [] };
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    const [flag, inline] = w.includes('=') ? [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)] : [w, undefined];
    if (w.startsWith('-')) {
      if (PERMISSION.test(w)) out.permissions.push(w);
      const value = inline ?? (WITH_VALUE.has(flag) ? words[++i] : undefined);
      if (flag === '--port' && value !== undefined && /^\d{1,5}$/.test(value)) out.port = Number(value);
      if ((flag === '--output' || flag === '-o') && value !== undefined) out.output = value;
      continue;
    }
    out.entry = cleanEntry(w);
    break;
  }
  if (out.entry === undefined) delete out.entry;
  return out;
}
