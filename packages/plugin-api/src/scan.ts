import type { ProjectView } from './index.js';

/** A project file and its text. */
export interface SourceText {
  path: string;
  text: string;
}

/** Where {@link readSources} looks, and how far. */
export interface SourceScan {
  /** Folders to start from (`''` is the project root), in order; default the root. */
  roots?: readonly string[];
  /** Names of the files to read. */
  files: RegExp;
  /** How many folder levels below a root are entered; default 0 (the roots only). */
  depth?: number;
  /** Most files read; the scan stops at the next matching file. */
  limit: number;
  /** Folders never entered (by name, at any depth); names starting with `.` never are. */
  skip?: RegExp;
}

/**
 * The matching files under `roots`, breadth first in listing order (a root's files before its
 * folders' files), each with its text; `truncated` when a matching file was left over the limit.
 */
export async function readSources(p: ProjectView, scan: SourceScan): Promise<{ files: SourceText[]; truncated: boolean }> {
  const files: SourceText[] = [];
  const queue = (scan.roots ?? ['']).map((dir) => ({ dir, depth: 0 }));
  for (let at = queue.shift(); at !== undefined; at = queue.shift()) {
    for (const e of await p.list(at.dir === '' ? undefined : at.dir)) {
      if (e.kind === 'dir' && at.depth < (scan.depth ?? 0) && !e.name.startsWith('.') && !scan.skip?.test(e.name))
        queue.push({ dir: e.path, depth: at.depth + 1 });
      if (e.kind !== 'file' || !scan.files.test(e.name)) continue;
      if (files.length >= scan.limit) return { files, truncated: true };
      const text = await p.readText(e.path);
      if (text !== undefined) files.push({ path: e.path, text });
    }
  }
  return { files, truncated: false };
}

/**
 * The text between the bracket that opens at `from` (the index just after it) and the bracket that
 * closes it, nested pairs balanced (a call's arguments, a list's body); to the end when unclosed.
 */
export function enclosed(text: string, from: number, open = '(', close = ')'): string {
  let depth = 1;
  let i = from;
  for (; i < text.length && depth > 0; i++) depth += text[i] === open ? 1 : text[i] === close ? -1 : 0;
  return text.slice(from, depth === 0 ? i - 1 : i);
}
