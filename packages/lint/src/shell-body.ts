import type { Inst, Model } from './model.js';

/** The shell program of a RUN, line by line, as ShellCheck and the RUN rules see it. */
export interface ShellBody {
  /** Lines of shell, each with its 1-based Dockerfile line. Continuations stay continuations. */
  lines: Array<{ text: string; line: number }>;
  /** The commands as one text: continuations joined, heredoc bodies included only when they are the script. */
  commands: string;
  /** `#!` line of a heredoc script, if any. */
  shebang: string | undefined;
}

function blank(line: string, from: number, to: number): string {
  return line.slice(0, from) + ' '.repeat(Math.max(0, Math.min(to, line.length) - from)) + line.slice(to);
}

/** The text after `RUN` and its flags is a JSON array: no shell involved. */
export function isExecForm(inst: Inst): boolean {
  const first = inst.args.join(' ').trim();
  if (!first.startsWith('[')) return false;
  try {
    const parsed: unknown = JSON.parse(first);
    return Array.isArray(parsed) && parsed.every((x) => typeof x === 'string');
  } catch {
    return false;
  }
}

const SHELLS = /^(?:\/(?:usr\/)?bin\/)?(?:sh|bash|ash|dash)$/;

/** Returns the shell body of a shell-form RUN (undefined for exec form). */
export function shellBody(model: Model, inst: Inst): ShellBody | undefined {
  if (isExecForm(inst)) return undefined;
  const esc = model.escape;
  const raw = model.lines.slice(inst.line - 1, inst.endLine);
  const kw = inst.node.getInstructionRange();
  raw[0] = blank(raw[0] ?? '', kw.start.character, kw.end.character);
  for (const flag of inst.flags) {
    const r = flag.getRange();
    const idx = r.start.line - (inst.line - 1);
    if (idx >= 0 && idx < raw.length && r.start.line === r.end.line) raw[idx] = blank(raw[idx] ?? '', r.start.character, r.end.character);
  }
  const inHeredoc = (line: number): boolean => inst.heredocs.some((h) => line > h.startLine && line <= h.endLine);
  const lines: ShellBody['lines'] = [];
  const outside: string[] = [];
  raw.forEach((text, i) => {
    const line = inst.line + i;
    if (inHeredoc(line)) {
      lines.push({ text, line });
      return;
    }
    const trimmed = text.trim();
    // Docker drops comment and empty lines inside a continuation; a lone escape keeps the shell's continuation.
    if (i > 0 && (trimmed === '' || trimmed.startsWith('#'))) {
      lines.push({ text: esc, line });
      return;
    }
    lines.push({ text, line });
    outside.push(text.replace(new RegExp(`\\${esc}\\s*$`), ''));
  });
  const head = outside.join(' ').trim();
  const only = /^<<-?\s*(["']?)([A-Za-z0-9_]+)\1$/.exec(head);
  const heredoc = inst.heredocs[0];
  if (only && heredoc && inst.heredocs.length === 1) {
    const bodyLines = lines.filter((l) => l.line >= heredoc.bodyFirst && l.line <= heredoc.bodyLast);
    const shebang = bodyLines[0]?.text.startsWith('#!') ? bodyLines[0].text : undefined;
    return { lines: bodyLines, commands: heredoc.body, shebang };
  }
  const firstWord = head.split(/\s+/)[0] ?? '';
  const bodies = SHELLS.test(firstWord) ? inst.heredocs.map((h) => h.body).join('\n') : '';
  return { lines, commands: bodies ? `${head}\n${bodies}` : head, shebang: undefined };
}
