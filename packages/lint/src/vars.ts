/** A `$NAME` or `${NAME...}` reference in Dockerfile text. */
export interface VarRef {
  name: string;
  /** `:-`, `-`, `:+`, `+`, `:?`, `?`, or null for a plain reference. */
  modifier: string | null;
  word: string;
  /** Offset of the `$` in the scanned text. */
  offset: number;
  end: number;
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

function readBraced(text: string, at: number): VarRef | undefined {
  NAME.lastIndex = at + 2;
  const m = NAME.exec(text);
  if (!m) return undefined;
  let i = at + 2 + m[0].length;
  const mod = /^(:[-+?]|[-+?])/.exec(text.slice(i, i + 2));
  const modifier = mod ? mod[0] : null;
  if (mod) i += mod[0].length;
  let depth = 1;
  let j = i;
  for (; j < text.length && depth > 0; j++) {
    if (text[j] === '{') depth++;
    else if (text[j] === '}') depth--;
  }
  if (depth > 0) return undefined;
  return { name: m[0], modifier, word: text.slice(i, j - 1), offset: at, end: j };
}

/**
 * Variable references as the builder sees them: `\$` (escape char) is literal and, when
 * `quotes` is true (instruction arguments, not heredoc bodies), so is anything in single quotes.
 */
export function scanVars(text: string, escape = '\\', quotes = true): VarRef[] {
  const refs: VarRef[] = [];
  let inDouble = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === escape) {
      i++;
      continue;
    }
    if (quotes && c === '"') inDouble = !inDouble;
    else if (quotes && c === "'" && !inDouble) {
      const close = text.indexOf("'", i + 1);
      i = close < 0 ? text.length : close;
    } else if (c === '$') {
      if (text[i + 1] === '{') {
        const ref = readBraced(text, i);
        if (ref) {
          refs.push(ref);
          i = ref.end - 1;
        }
      } else {
        NAME.lastIndex = i + 1;
        const m = NAME.exec(text);
        if (m) {
          refs.push({ name: m[0], modifier: null, word: '', offset: i, end: i + 1 + m[0].length });
          i += m[0].length;
        }
      }
    }
  }
  return refs;
}

/** Known value (string), declared without a known value (null), or not declared (undefined). */
export type Lookup = (name: string) => string | null | undefined;

/**
 * Expands `text` like the builder does. Returns undefined when a variable without a default is
 * undeclared or has no known value, so callers can skip checks they cannot decide.
 */
export function expand(text: string, lookup: Lookup, escape = '\\'): string | undefined {
  let out = '';
  let last = 0;
  for (const ref of scanVars(text, escape, false)) {
    out += text.slice(last, ref.offset);
    last = ref.end;
    const value = lookup(ref.name);
    const set = value !== undefined;
    const nonEmpty = typeof value === 'string' && value !== '';
    const unknown = value === null;
    const word = (): string | undefined => expand(ref.word, lookup, escape);
    let part: string | undefined;
    switch (ref.modifier) {
      case ':-':
        part = unknown ? undefined : nonEmpty ? value : word();
        break;
      case '-':
        part = unknown ? undefined : set ? value : word();
        break;
      case ':+':
        part = unknown ? undefined : nonEmpty ? word() : '';
        break;
      case '+':
        part = set ? word() : '';
        break;
      default:
        part = typeof value === 'string' ? value : undefined;
    }
    if (part === undefined) return undefined;
    out += part;
  }
  return out + text.slice(last);
}

/** Removes one level of surrounding double or single quotes. */
export function unquote(value: string): string {
  const m = /^(["'])(.*)\1$/s.exec(value);
  return m ? (m[2] ?? '') : value;
}
