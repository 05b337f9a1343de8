/**
 * A small, lenient TOML reader: enough of TOML 1.0 for Cargo.toml, Cargo.lock and
 * rust-toolchain.toml (tables, arrays of tables, dotted and quoted keys, strings of all four
 * kinds, arrays, inline tables, numbers, booleans; dates are kept as text). A statement that does
 * not parse is skipped, so one odd line never hides the rest of a manifest.
 */
export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

const BARE_KEY = /[A-Za-z0-9_-]/;
const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}

  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? '';
  }

  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  /** Skips spaces and tabs; with `lines`, also newlines and comments. */
  skip(lines: boolean): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || (lines && (c === '\n' || c === '\r'))) this.pos++;
      else if (c === '#' && lines) this.toLineEnd();
      else return;
    }
  }

  toLineEnd(): void {
    const end = this.text.indexOf('\n', this.pos);
    this.pos = end === -1 ? this.text.length : end;
  }

  fail(what: string): never {
    throw new SyntaxError(`${what} at offset ${this.pos}`);
  }
}

function basicString(c: Cursor, multi: boolean): string {
  let out = '';
  c.pos += multi ? 3 : 1;
  if (multi && c.peek() === '\n') c.pos++;
  for (;;) {
    const ch = c.peek();
    if (ch === '') c.fail('unterminated string');
    if (multi ? c.startsWith('"""') : ch === '"') {
      c.pos += multi ? 3 : 1;
      return out;
    }
    if (!multi && ch === '\n') c.fail('newline in string');
    if (ch === '\\') {
      const next = c.peek(1);
      if (multi && (next === '\n' || next === ' ' || next === '\r')) {
        c.pos++;
        c.skip(true);
        continue;
      }
      if (next === 'u' || next === 'U') {
        const len = next === 'u' ? 4 : 8;
        out += String.fromCodePoint(parseInt(c.text.slice(c.pos + 2, c.pos + 2 + len), 16) || 0xfffd);
        c.pos += 2 + len;
        continue;
      }
      out += ESCAPES[next] ?? next;
      c.pos += 2;
      continue;
    }
    out += ch;
    c.pos++;
  }
}

function literalString(c: Cursor, multi: boolean): string {
  const quote = multi ? "'''" : "'";
  const start = c.pos + quote.length + (multi && c.peek(3) === '\n' ? 1 : 0);
  const end = c.text.indexOf(quote, start);
  if (end === -1) c.fail('unterminated string');
  const text = c.text.slice(start, end);
  if (!multi && text.includes('\n')) c.fail('newline in string');
  c.pos = end + quote.length;
  return text;
}

function key(c: Cursor): string[] {
  const parts: string[] = [];
  for (;;) {
    c.skip(false);
    const ch = c.peek();
    if (ch === '"') parts.push(basicString(c, false));
    else if (ch === "'") parts.push(literalString(c, false));
    else {
      const start = c.pos;
      while (BARE_KEY.test(c.peek())) c.pos++;
      if (c.pos === start) c.fail('expected a key');
      parts.push(c.text.slice(start, c.pos));
    }
    c.skip(false);
    if (c.peek() !== '.') return parts;
    c.pos++;
  }
}

function value(c: Cursor): TomlValue {
  c.skip(false);
  const ch = c.peek();
  if (c.startsWith('"""')) return basicString(c, true);
  if (ch === '"') return basicString(c, false);
  if (c.startsWith("'''")) return literalString(c, true);
  if (ch === "'") return literalString(c, false);
  if (ch === '[') {
    c.pos++;
    const items: TomlValue[] = [];
    for (;;) {
      c.skip(true);
      if (c.peek() === ']') {
        c.pos++;
        return items;
      }
      items.push(value(c));
      c.skip(true);
      if (c.peek() === ',') c.pos++;
      else if (c.peek() !== ']') c.fail('expected , or ] in array');
    }
  }
  if (ch === '{') {
    c.pos++;
    const table: TomlTable = {};
    c.skip(false);
    if (c.peek() === '}') {
      c.pos++;
      return table;
    }
    for (;;) {
      const path = key(c);
      if (c.peek() !== '=') c.fail('expected = in inline table');
      c.pos++;
      assign(table, path, value(c));
      c.skip(false);
      if (c.peek() === ',') c.pos++;
      else if (c.peek() === '}') {
        c.pos++;
        return table;
      } else c.fail('expected , or } in inline table');
    }
  }
  const start = c.pos;
  while (c.pos < c.text.length && !/[,\]}\n\r#]/.test(c.peek())) c.pos++;
  const raw = c.text.slice(start, c.pos).trim();
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (/^[+-]?(\d[\d_]*)(\.\d[\d_]*)?([eE][+-]?\d+)?$/.test(raw)) return Number(raw.replace(/_/g, ''));
  if (raw === '') c.fail('expected a value');
  return raw; // dates, times, hex/octal numbers, inf/nan: kept as text
}

function isTable(v: TomlValue | undefined): v is TomlTable {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Walks (creating tables) to the table at `path`; arrays of tables resolve to their last element. */
function descend(root: TomlTable, path: readonly string[]): TomlTable {
  let table = root;
  for (const part of path) {
    let next = table[part];
    if (Array.isArray(next)) next = next[next.length - 1];
    if (!isTable(next)) {
      next = {};
      table[part] = next;
    }
    table = next;
  }
  return table;
}

function assign(table: TomlTable, path: readonly string[], v: TomlValue): void {
  const last = path[path.length - 1] as string;
  descend(table, path.slice(0, -1))[last] = v;
}

/** Parses TOML text into plain objects; malformed statements are skipped, never thrown. */
export function parseToml(text: string): TomlTable {
  const root: TomlTable = {};
  let current = root;
  const c = new Cursor(text.replace(/\r\n/g, '\n'));
  while (c.pos < c.text.length) {
    c.skip(true);
    if (c.pos >= c.text.length) break;
    const statement = c.pos;
    try {
      if (c.peek() === '[') {
        const array = c.peek(1) === '[';
        c.pos += array ? 2 : 1;
        const path = key(c);
        if (!c.startsWith(array ? ']]' : ']')) c.fail('expected ] after table name');
        c.pos += array ? 2 : 1;
        if (array) {
          const parent = descend(root, path.slice(0, -1));
          const name = path[path.length - 1] as string;
          const list = Array.isArray(parent[name]) ? (parent[name] as TomlValue[]) : [];
          parent[name] = list;
          current = {};
          list.push(current);
        } else current = descend(root, path);
      } else {
        const path = key(c);
        if (c.peek() !== '=') c.fail('expected =');
        c.pos++;
        assign(current, path, value(c));
      }
      c.skip(false);
      if (c.peek() === '#') c.toLineEnd();
      if (c.pos < c.text.length && c.peek() !== '\n') c.fail('junk after statement');
    } catch {
      c.pos = statement;
      c.toLineEnd();
    }
  }
  return root;
}

/** `value` as a table, or undefined. */
export function tableAt(v: TomlValue | undefined): TomlTable | undefined {
  return isTable(v) ? v : undefined;
}

/** `value` as a string, or undefined. */
export function stringAt(v: TomlValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** `value` as a list of strings (non-strings dropped), or an empty list. */
export function stringsAt(v: TomlValue | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
