/** What the stack needs from a `go.mod` or `go.work` file. */
export interface GoModFile {
  /** `module` path (go.mod only). */
  module?: string;
  /** The `go` directive, e.g. `1.24` or `1.24.2`. */
  go?: string;
  /** The `toolchain` line without its `go` prefix, e.g. `1.24.5`; absent for `toolchain default`. */
  toolchain?: string;
  /** Module paths named by `require` (direct and indirect). */
  requires: string[];
  /** `replace` targets that are file paths (`./x`, `../x`). */
  localReplaces: string[];
  /** `use` directories (go.work only), `/`-separated, without a leading `./`. */
  uses: string[];
}

/** Strips `//` comments; go.mod and go.work have no other kind. */
function lines(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.replace(/\/\/.*$/, '').trim());
}

function unquote(word: string): string {
  return word.replace(/^["`](.*)["`]$/, '$1');
}

/** Normalises a `use` or replace path: `./a/b/` -> `a/b`, `.` -> ``. */
export function cleanDir(dir: string): string {
  const d = unquote(dir).replace(/\\/g, '/').replace(/\/+$/, '');
  return d === '.' ? '' : d.replace(/^(?:\.\/)+/, '');
}

/** Parses the directives of a go.mod or go.work; unknown lines are ignored. */
export function parseGoMod(text: string): GoModFile {
  const out: GoModFile = { requires: [], localReplaces: [], uses: [] };
  let block: string | undefined;
  for (const line of lines(text)) {
    if (line === '') continue;
    if (block !== undefined) {
      if (line === ')') block = undefined;
      else directive(out, block, line);
      continue;
    }
    const open = /^(\w+)\s*\($/.exec(line);
    if (open) {
      block = open[1];
      continue;
    }
    const m = /^(\w+)\s+(.*)$/.exec(line);
    if (m) directive(out, m[1] as string, m[2] as string);
  }
  return out;
}

function directive(out: GoModFile, verb: string, rest: string): void {
  const words = rest.trim().split(/\s+/);
  const first = unquote(words[0] ?? '');
  switch (verb) {
    case 'module':
      out.module = first;
      break;
    case 'go':
      out.go = first;
      break;
    case 'toolchain':
      if (/^go\d/.test(first)) out.toolchain = first.slice(2);
      break;
    case 'require':
      if (first !== '') out.requires.push(first);
      break;
    case 'replace': {
      const arrow = words.indexOf('=>');
      const target = arrow >= 0 ? unquote(words[arrow + 1] ?? '') : '';
      if (target.startsWith('./') || target.startsWith('../') || target === '.' || target === '..') out.localReplaces.push(target);
      break;
    }
    case 'use':
      if (first !== '') out.uses.push(cleanDir(first));
      break;
    default:
  }
}

/** The name a module path suggests for the image: its last element, skipping a `/vN` suffix. */
export function moduleName(modulePath: string): string | undefined {
  const parts = modulePath.split('/').filter(Boolean);
  let last = parts.pop();
  if (last !== undefined && /^v[2-9]\d*$/.test(last)) last = parts.pop();
  return last;
}

/** An https URL for modules hosted on a well-known forge (`github.com/acme/api/v2` -> `https://github.com/acme/api`). */
export function moduleSourceUrl(modulePath: string): string | undefined {
  const m = /^(github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)/.exec(modulePath);
  if (!m) return undefined;
  return `https://${m[1]}/${m[2]}/${(m[3] as string).replace(/\.git$/, '')}`;
}
