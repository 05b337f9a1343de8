/**
 * PHP version resolution: `.php-version`, Composer's `config.platform.php` (the version the lock
 * was resolved for), and the `require.php` constraint (`^8.2`, `~8.3.0`, `8.2.*`, `>=8.1 <8.5`, `||`).
 */

import {
  bumpVersion as bump,
  compareVersions as cmp,
  compareWith,
  endOfLifeNotes,
  type ResolvedVersion,
  type Version,
} from '@dockstack/plugin-api';

/** The line the stack defaults to (matches schema.json). */
export const DEFAULT_PHP = '8.5';
/** Lines a constraint may resolve to, in order of preference: the default, older maintained, newer, then end-of-life. */
const CANDIDATES = ['8.5', '8.4', '8.3', '8.2', '8.6', '8.1', '8.0', '7.4'];
/** Lines past their end of life (no more security releases, images no longer rebuilt). */
const END_OF_LIFE: Record<string, string> = { '7.4': 'November 2022', '8.0': 'November 2023', '8.1': 'December 2025' };
/** Lines whose official images never had trixie variants. */
const BOOKWORM_ONLY = new Set(['7.4', '8.0']);

export interface ResolvedPhp extends ResolvedVersion {
  notes: string[];
}

type V = Version;

function parse(text: string): { v: V; parts: number } | undefined {
  const m = /^v?(\d+)(?:\.(\d+|\*|x))?(?:\.(\d+|\*|x))?/i.exec(text.trim());
  if (!m) return undefined;
  const raw = [m[1], m[2], m[3]].filter((x): x is string => x !== undefined && /^\d+$/.test(x));
  return { v: [Number(raw[0] ?? 0), Number(raw[1] ?? 0), Number(raw[2] ?? 0)], parts: raw.length };
}

/** One Composer constraint term: `^8.2`, `~8.3.0`, `>=8.1`, `8.2.*`, `8.2.4`. */
function term(v: V, t: string): boolean {
  const m = /^(\^|~|>=|<=|>|<|!=|==|=)?\s*(v?\d.*)$/.exec(t.trim());
  if (!m) return true;
  const op = m[1] ?? '';
  const p = parse(m[2] ?? '');
  if (!p) return true;
  const c = cmp(v, p.v);
  const plain = compareWith(op, c);
  if (plain !== undefined) return plain;
  switch (op) {
    case '^':
      return c >= 0 && cmp(v, p.v[0] === 0 ? bump(p.v, 2) : [p.v[0] + 1, 0, 0]) < 0;
    case '~':
      return c >= 0 && cmp(v, bump(p.v, Math.max(1, p.parts - 1))) < 0;
    default:
      // `8.2.*` and `8.2` match the line; `8.2.4` matches exactly.
      return p.parts === 3 ? c === 0 : c >= 0 && cmp(v, bump(p.v, p.parts)) < 0;
  }
}

/** True when `v` satisfies a whole Composer constraint (`||` alternatives of space/comma-joined terms, hyphen ranges). */
export function satisfies(v: V, constraint: string): boolean {
  return constraint.split(/\s*\|\|?\s*/).some((alt) => {
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(alt.trim());
    if (hyphen)
      return (
        term(v, `>=${hyphen[1]}`) &&
        term(v, `<${bump(parse(hyphen[2] ?? '')?.v ?? [99, 0, 0], parse(hyphen[2] ?? '')?.parts ?? 1).join('.')}`)
      );
    return alt
      .split(/\s*,\s*|\s+/)
      .filter((t) => t !== '')
      .every((t) => term(v, t));
  });
}

const notesFor = (line: string): string[] => endOfLifeNotes('PHP', line, END_OF_LIFE);

export function lineOf(version: string): string {
  const p = parse(version);
  return p ? `${p.v[0]}.${p.v[1]}` : version;
}

/** True when this line's official images exist only for bookworm. */
export function bookwormOnly(version: string): boolean {
  return BOOKWORM_ONLY.has(lineOf(version));
}

/** `.php-version` or `config.platform.php`: a version; a patch pin follows its line. */
export function fromVersion(value: string, source: string): ResolvedPhp | undefined {
  const m = /^\s*(7|8)\.(\d)(?:\.(\d{1,2}))?\s*$/.exec(value);
  if (!m) return undefined;
  const line = `${m[1]}.${m[2]}`;
  const how =
    m[3] !== undefined
      ? `${source} "${value.trim()}": the ${line} line, so the image gets security fixes (set phpVersion=${value.trim()} to pin)`
      : `${source}: the ${line} line`;
  return { version: line, how, notes: notesFor(line) };
}

/** composer.json `require.php`: the default line if admitted, else the nearest admitted line. */
export function fromConstraint(constraint: string): ResolvedPhp | undefined {
  for (const line of CANDIDATES) {
    const [a, b] = line.split('.').map(Number) as [number, number];
    if ([0, 99].some((patch) => satisfies([a, b, patch], constraint))) {
      const how =
        line === DEFAULT_PHP
          ? `composer.json requires php "${constraint}", which admits the default line ${line}`
          : `composer.json requires php "${constraint}": the ${line} line`;
      return { version: line, how, notes: notesFor(line) };
    }
  }
  return undefined;
}
