/**
 * Ruby version resolution: the Gemfile's `ruby` directive (which Bundler enforces), `.ruby-version`,
 * `.tool-versions`, and the lockfile's RUBY VERSION.
 */

import { compareVersions as cmp, compareWith, endOfLifeNotes, type ResolvedVersion, type Version } from '@dockstack/plugin-api';

/** The line the stack defaults to (matches schema.json). */
export const DEFAULT_RUBY = '3.4';
/** Minor lines a range may resolve to, in order of preference: the default, newer, then older. */
const CANDIDATES = ['3.4', '4.0', '3.3', '3.2', '3.1', '3.0', '2.7'];
/** Lines past their end of life (no more security releases, images no longer rebuilt). */
const END_OF_LIFE: Record<string, string> = { '2.7': 'March 2023', '3.0': 'April 2024', '3.1': 'March 2025', '3.2': 'March 2026' };
/** Lines whose official images never had trixie variants (they ended before trixie's release). */
const BOOKWORM_ONLY = new Set(['2.7', '3.0', '3.1']);

export interface ResolvedRuby extends ResolvedVersion {
  /** True when the version is exact because Bundler refuses any other. */
  enforced: boolean;
  notes: string[];
}

type V = Version;

function parse(text: string): V | undefined {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : undefined;
}

/** True when `v` satisfies one RubyGems requirement (`~> 3.3`, `>= 3.2`, `3.3.0`). */
function satisfies(v: V, requirement: string): boolean {
  const m = /^\s*(~>|>=|<=|!=|>|<|=)?\s*(\d+(?:\.\d+){0,2})/.exec(requirement);
  if (!m) return true;
  const op = m[1] ?? '=';
  const text = m[2] ?? '';
  const r = parse(text) as V;
  const parts = text.split('.').length;
  const c = cmp(v, r);
  const plain = compareWith(op, c);
  if (plain !== undefined) return plain;
  switch (op) {
    case '~>': {
      const upper: V = parts <= 2 ? [r[0] + 1, 0, 0] : [r[0], r[1] + 1, 0];
      return c >= 0 && cmp(v, upper) < 0;
    }
    default:
      return parts === 3 ? c === 0 : v[0] === r[0] && (parts === 1 || v[1] === r[1]);
  }
}

export function lineOf(version: string): string {
  const v = parse(version);
  return v ? `${v[0]}.${v[1]}` : version;
}

const notesFor = (line: string): string[] => endOfLifeNotes('Ruby', line, END_OF_LIFE);

/** True when the official images of this line exist only for bookworm. */
export function bookwormOnly(version: string): boolean {
  return BOOKWORM_ONLY.has(lineOf(version));
}

/** `.ruby-version` / `.tool-versions` value: `3.3.0`, `ruby-3.3.0`, `3.3`. Patch pins follow their line. */
export function fromVersionFile(value: string, file: string): ResolvedRuby | undefined {
  const v = value.trim().replace(/^ruby-/, '');
  const m = /^(\d)\.(\d{1,2})(?:\.(\d{1,2}))?(?:-?p\d+)?$/.exec(v);
  if (!m) return undefined;
  const line = `${m[1]}.${m[2]}`;
  const how =
    m[3] !== undefined
      ? `${file} "${value.trim()}" pins a patch release; the image follows the ${line} line so it gets security fixes (set rubyVersion=${line}.${m[3]} to pin)`
      : `${file}: the ${line} line`;
  return { version: line, how, enforced: false, notes: notesFor(line) };
}

/** The Gemfile's `ruby` requirements. An exact version is kept exact: Bundler refuses any other. */
export function fromRequirements(requirements: string[]): ResolvedRuby | undefined {
  const reqs = requirements.filter((r) => /\d/.test(r));
  if (reqs.length === 0) return undefined;
  const exact = reqs.length === 1 ? /^\s*=?\s*(\d+\.\d+\.\d+)\s*$/.exec(reqs[0] as string) : null;
  if (exact) {
    const version = exact[1] as string;
    return {
      version,
      how: `Gemfile ruby "${version}": Bundler refuses any other Ruby, so the image pins it exactly`,
      enforced: true,
      notes: notesFor(lineOf(version)),
    };
  }
  const said = reqs.map((r) => `"${r}"`).join(', ');
  for (const line of CANDIDATES) {
    const [a, b] = line.split('.').map(Number) as [number, number];
    if ([0, 99].some((patch) => reqs.every((r) => satisfies([a, b, patch], r)))) {
      const how = line === DEFAULT_RUBY ? `Gemfile ruby ${said} admits the default line ${line}` : `Gemfile ruby ${said}: the ${line} line`;
      return { version: line, how, enforced: false, notes: notesFor(line) };
    }
  }
  return undefined;
}
