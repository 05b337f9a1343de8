/**
 * Safe access to parsed, untrusted data (JSON, TOML, YAML, XML from a ProjectView): every accessor
 * checks the type and answers undefined (or an empty list) instead of throwing.
 */

/** A parsed table/object/mapping. */
export type Table = Record<string, unknown>;

/** `v` when it is a plain object (not an array), else undefined. */
export function tableOf(v: unknown): Table | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Table) : undefined;
}

/** `v` when it is a string, else undefined. */
export function stringOf(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The strings of an array (others skipped); empty when `v` is not an array. */
export function stringsOf(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** `v` as a list: an array as is, undefined as empty, anything else as a one-item list (XML repeats). */
export function listOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/** The trimmed text of an element `readXml` parsed: a text-only element, or the text beside its attributes (`#text`). */
export function xmlText(v: unknown): string | undefined {
  return (stringOf(v) ?? stringOf(tableOf(v)?.['#text']))?.trim();
}

/** Every text inside a parsed XML element whose element name is `name`, depth first in document order. */
export function xmlTexts(node: unknown, name: string): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    for (const item of listOf(v))
      for (const [key, child] of Object.entries(tableOf(item) ?? {})) {
        if (key === name) out.push(...listOf(child).flatMap((c) => xmlText(c) ?? []));
        walk(child);
      }
  };
  walk(node);
  return out;
}

/** The value at a key path (`get(doc, 'tool', 'poetry', 'name')`); undefined when any step is missing. */
export function get(v: unknown, ...path: string[]): unknown {
  let at = v;
  for (const key of path) {
    const t = tableOf(at);
    if (t === undefined || !Object.hasOwn(t, key)) return undefined;
    at = t[key];
  }
  return at;
}

/**
 * `relative` (`/`- or `\`-separated, with `.` and `..` allowed) joined onto the project folder `dir`
 * (`''` for the root) and normalised, `''` being the root; undefined when it is absolute or leaves
 * the project. For paths a manifest names (path dependencies, project references, modules).
 */
export function joinInside(dir: string, relative: string): string | undefined {
  if (relative.startsWith('/') || /^[A-Za-z]:[\\/]/.test(relative)) return undefined;
  const parts = dir === '' ? [] : dir.split('/');
  for (const seg of relative.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg !== '..') parts.push(seg);
    else if (parts.pop() === undefined) return undefined;
  }
  return parts.join('/');
}

/** `path` inside the project folder `dir` (`''` for the root), without normalising: `inDir('api', 'pom.xml')` is `api/pom.xml`. */
export function inDir(dir: string, path: string): string {
  return dir === '' ? path : `${dir}/${path}`;
}

/** The folder part of a project path (`''` for a file at the root). */
export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/**
 * A source file a command line or manifest names (`./src/main.ts`), as a plain project path
 * (`src/main.ts`) when its name ends in one of `extensions` and it stays inside the project.
 */
export function sourcePath(path: string, extensions: readonly string[]): string | undefined {
  const p = path.replace(/^\.\//, '');
  const plain = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/.test(p) && !p.split('/').includes('..');
  return plain && extensions.some((ext) => p.endsWith(`.${ext}`)) ? p : undefined;
}
