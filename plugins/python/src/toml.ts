/**
 * A small TOML reader for detection: tables, arrays of tables, dotted and quoted keys, the four
 * string forms, arrays, inline tables, integers, floats and booleans. Dates and times are kept as
 * their text. It is lenient about redefinitions (detection reads, it does not validate) and throws
 * a {@link TomlError} on text it cannot follow, so a caller can report the file as unreadable.
 */

export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

export class TomlError extends Error {}

const BARE_KEY = /[A-Za-z0-9_-]/;
const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\u001b', '"': '"', '\\': '\\' };

class Reader {
  pos = 0;
  constructor(private readonly s: string) {}

  fail(what: string): never {
    const line = this.s.slice(0, this.pos).split('\n').length;
    throw new TomlError(`line ${line}: ${what}`);
  }
  peek(n = 0): string {
    return this.s[this.pos + n] ?? '';
  }
  startsWith(text: string): boolean {
    return this.s.startsWith(text, this.pos);
  }
  done(): boolean {
    return this.pos >= this.s.length;
  }
  skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }
  skipComment(): void {
    if (this.peek() === '#') while (!this.done() && this.peek() !== '\n') this.pos++;
  }
  /** Whitespace, newlines and comments (inside arrays and between statements). */
  skipBlank(): void {
    for (;;) {
      this.skipSpaces();
      this.skipComment();
      if (this.peek() === '\n' || this.peek() === '\r') this.pos++;
      else return;
    }
  }
  endOfLine(): void {
    this.skipSpaces();
    this.skipComment();
    if (this.peek() === '\r') this.pos++;
    if (!this.done() && this.peek() !== '\n') this.fail('expected the end of the line');
  }

  key(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipSpaces();
      const c = this.peek();
      if (c === '"' || c === "'") parts.push(this.singleLineString());
      else {
        const start = this.pos;
        while (BARE_KEY.test(this.peek())) this.pos++;
        if (start === this.pos) this.fail('expected a key');
        parts.push(this.s.slice(start, this.pos));
      }
      this.skipSpaces();
      if (this.peek() !== '.') return parts;
      this.pos++;
    }
  }

  singleLineString(): string {
    const quote = this.peek();
    this.pos++;
    let out = '';
    while (this.peek() !== quote) {
      const c = this.peek();
      if (c === '' || c === '\n') this.fail('unterminated string');
      if (c === '\\' && quote === '"') out += this.escape();
      else {
        out += c;
        this.pos++;
      }
    }
    this.pos++;
    return out;
  }

  escape(): string {
    this.pos++; // the backslash
    const c = this.peek();
    if (c in ESCAPES) {
      this.pos++;
      return ESCAPES[c] as string;
    }
    if (c === 'u' || c === 'U' || c === 'x') {
      const len = c === 'u' ? 4 : c === 'U' ? 8 : 2;
      const hex = this.s.slice(this.pos + 1, this.pos + 1 + len);
      if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== len) this.fail('bad unicode escape');
      this.pos += 1 + len;
      return String.fromCodePoint(parseInt(hex, 16));
    }
    return this.fail(`unknown escape \\${c}`);
  }

  multiLineString(): string {
    const quote = this.peek();
    const fence = quote.repeat(3);
    this.pos += 3;
    if (this.peek() === '\r') this.pos++;
    if (this.peek() === '\n') this.pos++;
    let out = '';
    for (;;) {
      if (this.done()) this.fail('unterminated multi-line string');
      if (this.startsWith(fence)) {
        let extra = 0; // up to two quotes may close the string: """a""""" -> a""
        while (extra < 2 && this.peek(3 + extra) === quote) extra++;
        out += quote.repeat(extra);
        this.pos += 3 + extra;
        return out;
      }
      const c = this.peek();
      if (c === '\\' && quote === '"') {
        if (/^\\[ \t]*\r?\n/.test(this.s.slice(this.pos, this.pos + 64))) {
          this.pos++;
          while (/[ \t\r\n]/.test(this.peek())) this.pos++; // line-ending backslash trims
        } else out += this.escape();
      } else {
        out += c;
        this.pos++;
      }
    }
  }

  value(): TomlValue {
    this.skipSpaces();
    const c = this.peek();
    if (this.startsWith('"""') || this.startsWith("'''")) return this.multiLineString();
    if (c === '"' || c === "'") return this.singleLineString();
    if (c === '[') return this.array();
    if (c === '{') return this.inlineTable();
    const start = this.pos;
    while (!this.done() && !/[,\]}\n\r#]/.test(this.peek())) this.pos++;
    const raw = this.s.slice(start, this.pos).trim();
    if (raw === 'true' || raw === 'false') return raw === 'true';
    const num = raw.replace(/_/g, '');
    if (/^[+-]?(0x[0-9A-Fa-f]+|0o[0-7]+|0b[01]+)$/.test(num)) return Number(num.replace(/^\+/, ''));
    if (/^[+-]?(\d+(\.\d+)?([eE][+-]?\d+)?|inf|nan)$/.test(num)) return num.endsWith('inf') ? (num.startsWith('-') ? -Infinity : Infinity) : Number(num);
    if (/^\d{2}:\d{2}|^\d{4}-\d{2}-\d{2}/.test(raw)) return raw; // dates and times stay text
    return this.fail(`cannot read the value "${raw.slice(0, 20)}"`);
  }

  array(): TomlValue[] {
    this.pos++;
    const out: TomlValue[] = [];
    for (;;) {
      this.skipBlank();
      if (this.peek() === ']') {
        this.pos++;
        return out;
      }
      out.push(this.value());
      this.skipBlank();
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== ']') this.fail('expected , or ] in an array');
    }
  }

  inlineTable(): TomlTable {
    this.pos++;
    const out: TomlTable = {};
    this.skipBlank();
    if (this.peek() === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipBlank();
      const key = this.key();
      if (this.peek() !== '=') this.fail('expected = in an inline table');
      this.pos++;
      assign(out, key, this.value(), this);
      this.skipBlank();
      if (this.peek() === ',') this.pos++;
      else if (this.peek() === '}') {
        this.pos++;
        return out;
      } else this.fail('expected , or } in an inline table');
    }
  }
}

function isTable(v: TomlValue | undefined): v is TomlTable {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The table at `path` under `root`, created as needed; the last element of an array of tables. */
function tableAt(root: TomlTable, path: string[], r: Reader): TomlTable {
  let t = root;
  for (const part of path) {
    let next = t[part];
    if (next === undefined) t[part] = next = {};
    if (Array.isArray(next)) next = next[next.length - 1];
    if (!isTable(next)) r.fail(`"${part}" is not a table`);
    t = next;
  }
  return t;
}

function assign(table: TomlTable, key: string[], value: TomlValue, r: Reader): void {
  const parent = tableAt(table, key.slice(0, -1), r);
  parent[key[key.length - 1] as string] = value;
}

/** Parses TOML text; throws {@link TomlError} when it cannot. */
export function parseToml(text: string): TomlTable {
  const r = new Reader(text.replace(/^\uFEFF/, ''));
  const root: TomlTable = {};
  let current = root;
  for (;;) {
    r.skipBlank();
    if (r.done()) return root;
    if (r.startsWith('[[')) {
      r.pos += 2;
      const path = r.key();
      if (!r.startsWith(']]')) r.fail('expected ]]');
      r.pos += 2;
      const parent = tableAt(root, path.slice(0, -1), r);
      const last = path[path.length - 1] as string;
      const list = parent[last] ?? (parent[last] = []);
      if (!Array.isArray(list)) return r.fail(`"${last}" is not an array of tables`);
      current = {};
      list.push(current);
    } else if (r.peek() === '[') {
      r.pos++;
      const path = r.key();
      if (r.peek() !== ']') r.fail('expected ]');
      r.pos++;
      current = tableAt(root, path, r);
    } else {
      const key = r.key();
      if (r.peek() !== '=') r.fail('expected =');
      r.pos++;
      assign(current, key, r.value(), r);
    }
    r.endOfLine();
  }
}

/** Parses TOML, or undefined when the text is not TOML this reader follows. */
export function tryParseToml(text: string | undefined): TomlTable | undefined {
  if (text === undefined) return undefined;
  try {
    return parseToml(text);
  } catch (error) {
    if (error instanceof TomlError) return undefined;
    throw error;
  }
}

/** Safe lookups into parsed TOML. */
export function tableOf(v: TomlValue | undefined): TomlTable | undefined {
  return isTable(v) ? v : undefined;
}
export function stringOf(v: TomlValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
export function stringsOf(v: TomlValue | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
/** `get(t, 'tool', 'poetry', 'name')`: the value at a key path, or undefined. */
export function get(t: TomlTable | undefined, ...path: string[]): TomlValue | undefined {
  let v: TomlValue | undefined = t;
  for (const part of path) {
    if (!isTable(v)) return undefined;
    v = v[part];
  }
  return v;
}
