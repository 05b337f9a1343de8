/**
 * Python version resolution: `.python-version`, `requires-python` (PEP 440), Poetry's `python`
 * constraint (`^3.11`, `~3.11`), Pipfile's `python_version`, and Heroku-style `runtime.txt`.
 */

import { bumpVersion as bump, compareVersions as cmp, endOfLifeNotes, type ResolvedVersion, type Version } from '@dockstack/plugin-api';

/** The line the stack defaults to (matches schema.json). */
export const DEFAULT_PYTHON = '3.14';
/** Minor lines a range may resolve to, in order of preference: the default, older maintained, newer, then end-of-life. */
const CANDIDATE_MINORS = [14, 13, 12, 11, 15, 10, 9, 8];
/** Lines past their end of life (no more security releases, official images no longer rebuilt). */
const END_OF_LIFE: Record<string, string> = { '3.7': 'June 2023', '3.8': 'October 2024', '3.9': 'October 2025', '3.10': 'October 2026' };

type V = Version;

function withNote(minor: number, how: string, extra?: string): ResolvedVersion {
  const notes = [...(extra !== undefined ? [extra] : []), ...endOfLifeNotes('Python', `3.${minor}`, END_OF_LIFE)];
  return { version: `3.${minor}`, how, notes: notes.length > 0 ? [notes.join('; ')] : [] };
}

/** `.python-version` (pyenv, uv): the first usable line; a patch pin becomes its minor line. */
export function fromVersionFile(text: string): ResolvedVersion | undefined {
  const line = text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*$/, '').trim())
    .find((l) => l !== '');
  if (line === undefined) return undefined;
  if (/^3$/.test(line)) return { version: DEFAULT_PYTHON, how: '"3" means any Python 3: the current default line' };
  const m = /^(?:cpython[-@])?3\.(\d{1,2})(?:\.(\d{1,2}))?([a-z]+\d*)?(?:[/@ ].*)?$/i.exec(line);
  if (!m) return undefined;
  const minor = Number(m[1]);
  const extra =
    m[3] === 't'
      ? `"${line}" asks for a free-threaded build, which the official images do not ship; this uses the regular 3.${minor}`
      : undefined;
  if (m[2] !== undefined) {
    return withNote(
      minor,
      `"${line}" pins a patch release; the image follows the 3.${minor} line so it gets security fixes (set pythonVersion=3.${minor}.${m[2]} to pin)`,
      extra,
    );
  }
  return withNote(minor, `the 3.${minor} line`, extra);
}

/** Heroku's `runtime.txt`: `python-3.11.4`. */
export function fromRuntimeTxt(text: string): ResolvedVersion | undefined {
  const m = /^\s*python-3\.(\d{1,2})(?:\.\d+)?\s*$/m.exec(text);
  return m ? withNote(Number(m[1]), `"${text.trim()}": the 3.${m[1]} line`) : undefined;
}

function parseVersion(text: string): { v: V; parts: number; wildcard: boolean } | undefined {
  const m = /^(\d+)(?:\.(\d+|\*))?(?:\.(\d+|\*))?/.exec(text);
  if (!m) return undefined;
  const raw = [m[1], m[2], m[3]].filter((x) => x !== undefined) as string[];
  const wildcard = raw.includes('*');
  const nums = raw.filter((x) => x !== '*').map(Number);
  return { v: [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0], parts: nums.length, wildcard };
}

interface Range {
  lo: V;
  hi: V;
  excluded: Set<number>;
}

/** One comma- or space-separated clause set, as an interval plus whole lines excluded by `!=3.x.*`. */
function rangeOf(set: string): Range | undefined {
  const range: Range = { lo: [0, 0, 0], hi: [99, 0, 0], excluded: new Set() };
  const clauses = set
    .replace(/([<>=!~^]+)\s+/g, '$1')
    .split(/[,\s]+(?=[<>=!~^0-9*])/)
    .map((c) => c.replace(/\s+/g, ''))
    .filter(Boolean);
  for (const clause of clauses) {
    if (clause === '*') continue;
    const m = /^(~=|===|==|!=|<=|>=|<|>|\^|~)?(.+)$/.exec(clause);
    const p = m ? parseVersion(m[2] as string) : undefined;
    if (!m || !p) return undefined;
    const op = m[1] ?? (p.wildcard ? '==' : '==*');
    let lo: V = [0, 0, 0];
    let hi: V = [99, 0, 0];
    if (op === '!=') {
      if (p.wildcard && p.parts === 2) range.excluded.add(p.v[1]);
      continue;
    }
    if (op === '>=') lo = p.v;
    else if (op === '>') lo = bump(p.v, 3);
    else if (op === '<') hi = p.v;
    else if (op === '<=') hi = bump(p.v, 3);
    else if (op === '~=') [lo, hi] = [p.v, bump(p.v, Math.max(1, p.parts - 1))];
    else if (op === '^') [lo, hi] = [p.v, bump(p.v, 1)];
    else if (op === '~') [lo, hi] = [p.v, bump(p.v, Math.min(2, p.parts))];
    else if (op === '==*' || p.wildcard)
      [lo, hi] = [p.v, bump(p.v, p.parts)]; // `3.11` (Poetry) and `==3.11.*`
    else [lo, hi] = [p.v, bump(p.v, 3)]; // `==3.11` is 3.11.0 exactly
    if (cmp(lo, range.lo) > 0) range.lo = lo;
    if (cmp(hi, range.hi) < 0) range.hi = hi;
  }
  return range;
}

function admits(range: Range, minor: number): boolean {
  if (range.excluded.has(minor)) return false;
  const lineLo: V = [3, minor, 0];
  const lineHi: V = [3, minor + 1, 0];
  const lo = cmp(range.lo, lineLo) > 0 ? range.lo : lineLo;
  const hi = cmp(range.hi, lineHi) < 0 ? range.hi : lineHi;
  return cmp(lo, hi) < 0;
}

/** A PEP 440 or Poetry constraint (`>=3.10,<3.13`, `^3.11`, `3.12.*`, `>=3.9 || >=3.11`): the preferred line it admits. */
export function fromSpecifier(spec: string, source: string): ResolvedVersion | undefined {
  const ranges = spec.split(/\|\|?/).map((s) => rangeOf(s.trim()));
  if (ranges.some((r) => r === undefined)) return undefined;
  for (const minor of CANDIDATE_MINORS) {
    if (ranges.some((r) => admits(r as Range, minor))) {
      const how =
        minor === Number(DEFAULT_PYTHON.split('.')[1])
          ? `${source} "${spec}" admits 3.${minor}, the default line`
          : `${source} "${spec}" admits 3.${minor}, the preferred line inside it`;
      return withNote(minor, how);
    }
  }
  return undefined;
}
