import { diffArrays } from 'diff';
import { DockstackError } from './errors.js';
import type { LockedService } from './lock.js';
import type { LoadedStack } from './loader.js';
import { render, type RenderMeta } from './render.js';

/** Where an option value in a lock came from, as far as the lock and the project config can tell. */
export type LockedOptionSource = 'default' | 'detection' | 'config' | 'flag --set or prompt';

/** A template line: file (as the stack names it) and 1-based line. */
export interface TemplateLine {
  file: string;
  line: number;
}

export interface ExplainedOption {
  name: string;
  value: unknown;
  source: LockedOptionSource;
  /** The option's description from the stack's schema. */
  description: string;
}

export interface ExplainedLine {
  /** 1-based line in the file. */
  line: number;
  text: string;
  /** The template line that printed it; null when the line was edited after generation. */
  template: TemplateLine | null;
  /** The template line that included the partial this line comes from, when any. */
  includedFrom?: TemplateLine;
  /** Line kind: a Dockerfile instruction keyword, `directive`, `comment`, `blank`, `continuation` or `heredoc`. */
  kind: string;
  /** The instruction the line belongs to (its own keyword, or the one it continues). */
  instruction?: string;
  /** The build stage the line is in. */
  stage?: string;
  /** Options the template line reads (directly, through its conditions, or through derived values). */
  options: ExplainedOption[];
  /** Best-practice rule ids (QUALITY.md, pages under docs/rules) the line follows; from the `rulesFor` the caller passes. */
  rules: string[];
  /** Why the line is there, in words. */
  why: string;
}

/** Names the rules a line follows: line kind, its instruction keyword, the whole instruction text, whether it is in the final stage. */
export type RulesFor = (kind: string, instruction: string | undefined, text: string, finalStage: boolean) => string[];

export interface Explanation {
  file: string;
  stack: { id: string; version: string };
  /** False when the file differs from what its lock entry renders (edited lines carry `template: null`). */
  asGenerated: boolean;
  lines: ExplainedLine[];
}

/** Recovers option sources from a lock entry: chosen values appear as `--set` in its regenerate command. */
export function lockedSources(
  stack: LoadedStack,
  locked: LockedService,
  configValues: Record<string, unknown> = {},
): Record<string, LockedOptionSource> {
  const chosen = new Set<string>();
  for (const m of locked.regenerate.matchAll(/--set\s+['"]?([A-Za-z][\w]*)=/g)) chosen.add(m[1]!);
  const out: Record<string, LockedOptionSource> = {};
  for (const [name, value] of Object.entries(locked.options)) {
    const def = stack.schema.properties[name]?.default;
    if (chosen.has(name)) out[name] = 'flag --set or prompt';
    else if (name in configValues && same(configValues[name], value)) out[name] = 'config';
    else if (same(def, value)) out[name] = 'default';
    else out[name] = 'detection';
  }
  return out;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const MARK_START = '\u0001';
const MARK_END = '\u0002';

interface Token {
  kind: 'text' | 'code' | 'output';
  text: string;
  start: number;
  /** 1-based line where the token starts. */
  line: number;
}

/** Splits an EJS template into literal text and tags (`<%`, `<%_`, `<%-`, `<%=`, `<%#`; `<%%` is literal). */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  const countLines = (s: string): number => (s.match(/\n/g) ?? []).length;
  while (i < source.length) {
    let open = source.indexOf('<%', i);
    while (open >= 0 && source[open + 2] === '%') open = source.indexOf('<%', open + 3);
    if (open < 0) {
      tokens.push({ kind: 'text', text: source.slice(i), start: i, line });
      break;
    }
    if (open > i) {
      tokens.push({ kind: 'text', text: source.slice(i, open), start: i, line });
      line += countLines(source.slice(i, open));
    }
    const close = source.indexOf('%>', open + 2);
    const end = close < 0 ? source.length : close + 2;
    const tag = source.slice(open, end);
    const marker = tag[2];
    const kind = marker === '=' || marker === '-' ? 'output' : 'code';
    tokens.push({
      kind,
      text:
        marker === '#'
          ? ''
          : tag
              .slice(2, -2)
              .replace(/^[=\-_]/, '')
              .replace(/[-_]$/, ''),
      start: open,
      line,
    });
    line += countLines(tag);
    i = end;
  }
  return tokens;
}

/** The template with a marker after every newline of literal text (and at the start): `\u0001<id>\u0002`. */
function instrument(source: string, file: string, table: TemplateLine[]): string {
  const mark = (line: number): string => {
    table.push({ file, line });
    return `${MARK_START}${table.length - 1}${MARK_END}`;
  };
  let out = mark(1);
  for (const t of tokenize(source)) {
    if (t.kind !== 'text') {
      const close = source.indexOf('%>', t.start + 2);
      out += source.slice(t.start, close < 0 ? source.length : close + 2);
      continue;
    }
    let line = t.line;
    for (const ch of t.text) {
      out += ch;
      if (ch === '\n') out += mark(++line);
    }
  }
  return out;
}

/** Option names each template line reads: its own tags, the conditions around it, and derived `const`s. */
function optionReads(source: string, declared: Set<string>): Map<number, Set<string>> {
  const tokens = tokenize(source);
  const derived = new Map<string, Set<string>>();
  const aliases = new Set(['options']);
  const readsOf = (code: string): Set<string> => {
    const found = new Set<string>();
    // Lookahead, so `it.options.port` yields both `it.options` and `options.port`.
    for (const m of code.matchAll(/\b([A-Za-z_$][\w$]*)(?=\s*\.\s*([A-Za-z_$][\w$]*))/g)) {
      if (aliases.has(m[1]!) && declared.has(m[2]!)) found.add(m[2]!);
    }
    for (const m of code.matchAll(/\b([A-Za-z_$][\w$]*)\b/g)) for (const o of derived.get(m[1]!) ?? []) found.add(o);
    return found;
  };
  const blocks: Set<string>[] = [];
  const perLine = new Map<number, Set<string>>();
  const add = (line: number, names: Iterable<string>): void => {
    const set = perLine.get(line) ?? new Set<string>();
    for (const n of names) set.add(n);
    perLine.set(line, set);
  };
  const active = (): Set<string> => new Set(blocks.flatMap((b) => [...b]));
  let lastLine = 1;
  for (const t of tokens) {
    const span = (t.text.match(/\n/g) ?? []).length;
    for (let l = lastLine; l <= t.line + span; l++) add(l, active());
    lastLine = t.line + span;
    if (t.kind === 'text') continue;
    for (const m of t.text.matchAll(/\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*([^;]+)/g)) {
      if (/^\s*it\s*\.\s*options\s*$/.test(m[2]!)) aliases.add(m[1]!);
      else derived.set(m[1]!, readsOf(m[2]!));
    }
    // Later assignments and pushes (`if (o.lockfile) mounts.push(...)`, `command = ...`) add what their statement reads.
    for (const statement of t.text.split(/[;\n]/)) {
      for (const m of statement.matchAll(/\b([A-Za-z_$][\w$]*)\s*(?:\.\s*push\s*\(|\+?=(?!=))/g)) {
        if (aliases.has(m[1]!)) continue;
        const into = derived.get(m[1]!) ?? new Set<string>();
        for (const o of readsOf(statement)) into.add(o);
        derived.set(m[1]!, into);
      }
    }
    const reads = readsOf(t.text);
    for (let l = t.line; l <= t.line + span; l++) add(l, reads);
    if (t.kind === 'code') {
      const code = t.text.replace(/'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`(?:\\.|[^`\\])*`/g, "''");
      for (const ch of code) {
        if (ch === '{') blocks.push(new Set(reads));
        else if (ch === '}') {
          const closed = blocks.pop();
          // `} else if (x) {` keeps the conditions of the branches before it.
          if (closed !== undefined && /}\s*else\b/.test(code)) {
            for (const n of closed) reads.add(n);
          }
        }
      }
    }
  }
  return perLine;
}

function classify(lines: string[]): { kind: string; instruction?: string; stage?: string }[] {
  const out: { kind: string; instruction?: string; stage?: string }[] = [];
  let continuing: string | undefined;
  let heredoc: { end: string; instruction: string } | undefined;
  let stage: string | undefined;
  let seenInstruction = false;
  for (const text of lines) {
    if (heredoc !== undefined) {
      out.push({ kind: 'heredoc', instruction: heredoc.instruction, stage });
      if (text.trim() === heredoc.end) heredoc = undefined;
      continue;
    }
    if (continuing !== undefined) {
      out.push({ kind: 'continuation', instruction: continuing, stage });
      if (!text.endsWith('\\')) continuing = undefined;
      continue;
    }
    if (text.trim() === '') {
      out.push({ kind: 'blank', stage });
      continue;
    }
    if (text.startsWith('#')) {
      const directive = !seenInstruction && /^#\s*(syntax|check|escape)\s*=/i.test(text);
      out.push({ kind: directive ? 'directive' : 'comment', stage });
      continue;
    }
    seenInstruction = true;
    const keyword = (text.match(/^\s*([A-Za-z]+)/)?.[1] ?? '').toUpperCase();
    if (keyword === 'FROM') stage = text.match(/\sAS\s+([\w.-]+)/i)?.[1] ?? stage;
    out.push({ kind: keyword, instruction: keyword, stage: keyword === 'FROM' || stage !== undefined ? stage : undefined });
    const doc = text.match(/<<-?(['"]?)([A-Za-z_][\w]*)\1/);
    if (doc !== null) heredoc = { end: doc[2]!, instruction: keyword };
    else if (text.endsWith('\\')) continuing = keyword;
  }
  return out;
}

const KIND_WHY: Record<string, string> = {
  directive: 'a parser directive: read by BuildKit before anything else',
  FROM: 'starts a build stage from a base image (pinned by a global ARG)',
  ARG: 'a build argument: a version, base image or build fact you can override with --build-arg',
  ENV: 'an environment variable baked into this stage',
  WORKDIR: 'sets an absolute working directory for the instructions after it',
  RUN: 'runs a command at build time (cache mounts keep package caches out of the image)',
  COPY: 'copies files into the image (only what the stage needs)',
  ADD: 'adds a verified remote file or archive',
  USER: 'drops root: the container runs as a numeric unprivileged user',
  EXPOSE: 'documents the port the app listens on',
  HEALTHCHECK: 'lets the engine tell whether the app answers',
  STOPSIGNAL: 'the signal the app shuts down cleanly on',
  CMD: 'what the container runs (exec form, so signals reach the app)',
  ENTRYPOINT: 'the process that runs as PID 1 (exec form, so signals reach it)',
  LABEL: 'OCI image metadata',
  SHELL: 'the shell RUN uses (with pipefail so failing pipes fail the build)',
  VOLUME: 'a mount point for data the container writes',
};

/**
 * Explains every line of a generated file: re-renders the lock entry with every template line
 * marked, maps each output line to the template line that printed it, and names the options
 * that line reads with their values and sources. Pure: the file's text comes in.
 */
export function explainFile(
  stack: LoadedStack,
  locked: LockedService,
  output: string,
  content: string,
  sources: Record<string, LockedOptionSource>,
  rulesFor?: RulesFor,
): Explanation {
  if (stack.templates[output] === undefined) {
    throw new DockstackError('E_USAGE', `Stack ${stack.id}@${stack.version} does not generate ${output}`, {
      hint: `It generates: ${Object.keys(stack.templates).join(', ')}.`,
    });
  }
  const meta: RenderMeta = { generatorVersion: locked.generator, regenerate: locked.regenerate };
  const table: TemplateLine[] = [];
  const templatePath = (out: string): string => stack.manifest.templates[out] ?? out;
  const main = templatePath(output);
  const declared = new Set(Object.keys(stack.schema.properties));
  const reads = new Map<string, Map<number, Set<string>>>();
  const templates: Record<string, string> = {};
  for (const [out, source] of Object.entries(stack.templates)) {
    if (out !== output) continue;
    templates[out] = instrument(source, templatePath(out), table);
    reads.set(templatePath(out), optionReads(source, declared));
  }
  const templateFiles: Record<string, string> = {};
  for (const [file, source] of Object.entries(stack.templateFiles)) {
    templateFiles[file] = instrument(source, file, table);
    reads.set(file, optionReads(source, declared));
  }
  const instrumented = { ...stack, templates, templateFiles } as LoadedStack;
  const expected = render(stack, locked.options, meta).find((f) => f.path === output)!.content;
  const marked = render(instrumented, locked.options, meta).find((f) => f.path === output)!.content;

  // Strip markers line by line; the line's origin is the last marker before its first character.
  const markRe = new RegExp(`${MARK_START}(\\d+)${MARK_END}`, 'g');
  const rendered: { text: string; origin?: TemplateLine; from?: TemplateLine }[] = [];
  const lastByFile = new Map<string, TemplateLine>();
  for (const raw of marked.replace(/\n$/, '').split('\n')) {
    const text = raw.replace(markRe, '').replace(/[ \t]+$/, '');
    let origin: TemplateLine | undefined;
    let from: TemplateLine | undefined;
    const lead = raw.match(new RegExp(`^(?:${MARK_START}\\d+${MARK_END}|[ \\t])*`))![0];
    for (const m of raw.matchAll(markRe)) {
      const at = table[Number(m[1])]!;
      if (m.index! < lead.length || origin === undefined) {
        origin = at;
        // A partial's line: the main template line that included it is the last one seen.
        from = at.file === main ? undefined : lastByFile.get(main);
      }
      lastByFile.set(at.file, at);
    }
    if (origin === undefined && rendered.length > 0) {
      // No marker: an expression printed several lines; they all come from its template line.
      const prev = rendered[rendered.length - 1]!;
      origin = prev.origin;
      from = prev.from;
    }
    if (text === '' && rendered.length > 0 && rendered[rendered.length - 1]!.text === '') continue;
    if (text === '' && rendered.length === 0) continue;
    rendered.push({ text, ...(origin !== undefined ? { origin } : {}), ...(from !== undefined ? { from } : {}) });
  }
  while (rendered.length > 0 && rendered[rendered.length - 1]!.text === '') rendered.pop();
  if (`${rendered.map((r) => r.text).join('\n')}\n` !== expected) {
    throw new DockstackError('E_TEMPLATE', `Could not map ${output} of stack ${stack.id}@${stack.version} back to its templates`, {
      hint: 'This is a defect in dockstack explain; report it with the stack and options.',
    });
  }

  const actual = content.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  const generated = rendered.map((r) => r.text);
  // Line i of the file -> index of the rendered line it equals (undefined: added or edited).
  const origins: (number | undefined)[] = [];
  let consumed = 0;
  for (const part of diffArrays(generated, actual)) {
    if (part.removed) {
      consumed += part.count!;
      continue;
    }
    for (let k = 0; k < part.count!; k++) origins.push(part.added ? undefined : consumed + k);
    if (!part.added) consumed += part.count!;
  }

  const kinds = classify(actual);
  const stageWhy = new Map<string, string>();
  const lines: ExplainedLine[] = actual.map((text, i) => {
    const k = kinds[i]!;
    const gi = origins[i];
    const src = gi === undefined ? undefined : rendered[gi];
    const names = new Set<string>();
    if (src?.origin !== undefined) for (const n of reads.get(src.origin.file)?.get(src.origin.line) ?? []) names.add(n);
    if (src?.from !== undefined) for (const n of reads.get(src.from.file)?.get(src.from.line) ?? []) names.add(n);
    const options = [...names].sort().map((name) => ({
      name,
      value: locked.options[name],
      source: sources[name] ?? 'default',
      description: stack.schema.properties[name]?.description ?? '',
    }));
    if (
      k.kind === 'comment' &&
      k.stage === undefined &&
      i + 1 < actual.length &&
      /^FROM\s/i.test(actual.slice(i + 1).find((l) => !l.startsWith('#')) ?? '')
    ) {
      const next = actual.slice(i + 1).find((l) => !l.startsWith('#'))!;
      const name = next.match(/\sAS\s+([\w.-]+)/i)?.[1];
      if (name !== undefined) stageWhy.set(name, text.replace(/^#\s*/, ''));
    }
    return {
      line: i + 1,
      text,
      template: src?.origin ?? null,
      ...(src?.from !== undefined ? { includedFrom: src.from } : {}),
      kind: k.kind,
      ...(k.instruction !== undefined ? { instruction: k.instruction } : {}),
      ...(k.stage !== undefined ? { stage: k.stage } : {}),
      options,
      rules: [],
      why: '',
    };
  });
  const finalStage = [...kinds].reverse().find((k) => k.stage !== undefined)?.stage;
  let head = '';
  for (const l of lines) {
    if (l.kind !== 'continuation' && l.kind !== 'heredoc') head = l.text;
    else head += `\n${l.text}`;
    const whole = l.kind === 'continuation' || l.kind === 'heredoc' ? head : instructionText(lines, l.line - 1);
    if (l.template !== null && rulesFor !== undefined)
      l.rules = rulesFor(l.kind, l.instruction, whole, l.stage !== undefined && l.stage === finalStage);
  }
  for (const [i, l] of lines.entries()) l.why = whyOf(l, lines, i, stageWhy, stack);
  return { file: output, stack: { id: stack.id, version: stack.version }, asGenerated: actual.join('\n') === generated.join('\n'), lines };
}

/** An instruction's line with its continuation lines. */
function instructionText(lines: ExplainedLine[], i: number): string {
  let text = lines[i]!.text;
  for (let j = i + 1; j < lines.length && (lines[j]!.kind === 'continuation' || lines[j]!.kind === 'heredoc'); j++)
    text += `\n${lines[j]!.text}`;
  return text;
}

function whyOf(l: ExplainedLine, lines: ExplainedLine[], i: number, stageWhy: Map<string, string>, stack: LoadedStack): string {
  if (l.template === null) return 'Not printed by the stack: this line was added or edited after generation.';
  const parts: string[] = [];
  if (l.kind === 'blank') parts.push('spacing between sections');
  else if (l.kind === 'comment') {
    if (/^# Generated by dockstack/.test(l.text))
      parts.push('the header: which generator and stack wrote the file, and the command that regenerates it');
    else parts.push('a comment the stack prints to explain the instructions after it');
  } else if (l.kind === 'directive') {
    parts.push(
      /syntax/i.test(l.text)
        ? 'parser directive: pins the Dockerfile frontend (needed for --mount, --link and heredocs)'
        : /check/i.test(l.text)
          ? 'parser directive: makes docker build fail on its own build-check warnings'
          : 'parser directive',
    );
  } else if (l.kind === 'continuation') parts.push(`continues the ${l.instruction} above`);
  else if (l.kind === 'heredoc') parts.push(`inline file content of the ${l.instruction} above (heredoc)`);
  else parts.push(KIND_WHY[l.kind] ?? `a ${l.kind} instruction`);
  if (l.kind !== 'blank' && l.kind !== 'comment' && l.kind !== 'directive') {
    // The nearest comment above the instruction is the stack author's reason.
    for (let j = i - 1; j >= 0; j--) {
      const p = lines[j]!;
      if (p.kind === 'comment' && !/^# Generated by/.test(p.text)) {
        parts.push(`stack note: ${p.text.replace(/^#\s*/, '')}`);
        break;
      }
      if (p.kind === 'blank') break;
    }
    if (l.stage !== undefined && stageWhy.has(l.stage) && !parts.some((p) => p.endsWith(stageWhy.get(l.stage!)!)))
      parts.push(`stage ${l.stage}: ${stageWhy.get(l.stage)}`);
  }
  if (l.options.length > 0) parts.push(`shaped by ${l.options.map((o) => `${o.name}=${JSON.stringify(o.value)}`).join(', ')}`);
  else if (l.kind !== 'blank') parts.push(`always printed by stack ${stack.id}`);
  return `${parts.join('; ')}.`;
}
