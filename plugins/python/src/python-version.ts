/**
 * Python version resolution: `.python-version`, `requires-python` (PEP 440), Poetry's `python`
 * constraint (`^3.11`, `~3.11`), Pipfile's `python_version`, and Heroku-style `runtime.txt`.
 */

import { BOUNDS, COMPARISONS, endOfLifeNotes, lineReason, preferredLine, type Dialect, type ResolvedVersion } from '@dockstack/plugin-api';

/** The line the stack defaults to (matches schema.json). */
export const DEFAULT_PYTHON = '3.14';
/** Minor lines a range may resolve to, in order of preference: the default, older maintained, newer, then end-of-life. */
const CANDIDATE_LINES = ['3.14', '3.13', '3.12', '3.11', '3.15', '3.10', '3.9', '3.8'];
/** Lines past their end of life (no more security releases, official images no longer rebuilt). */
const END_OF_LIFE: Record<string, string> = { '3.7': 'June 2023', '3.8': 'October 2024', '3.9': 'October 2025', '3.10': 'October 2026' };

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
  return withNote(minor, lineReason(undefined, line, `3.${minor}`, 'pythonVersion', m[2]), extra);
}

/** Heroku's `runtime.txt`: `python-3.11.4`. */
export function fromRuntimeTxt(text: string): ResolvedVersion | undefined {
  const m = /^\s*python-3\.(\d{1,2})(?:\.\d+)?\s*$/m.exec(text);
  return m ? withNote(Number(m[1]), `"${text.trim()}": the 3.${m[1]} line`) : undefined;
}

/** PEP 440 operators, and Poetry's `^` and `~`. */
const PEP440: Dialect = {
  ...COMPARISONS,
  '~=': BOUNDS.compatible,
  '==': BOUNDS.exact,
  '===': BOUNDS.exact,
  '^': BOUNDS.caret,
  '~': BOUNDS.tilde,
};

/** A PEP 440 or Poetry constraint (`>=3.10,<3.13`, `^3.11`, `3.12.*`, `>=3.9 || >=3.11`): the preferred line it admits. */
export function fromSpecifier(spec: string, source: string): ResolvedVersion | undefined {
  const line = preferredLine(spec, CANDIDATE_LINES, PEP440);
  if (line === undefined) return undefined;
  const which = line === DEFAULT_PYTHON ? 'the default line' : 'the preferred line inside it';
  return withNote(Number(line.split('.')[1]), `${source} "${spec}" admits ${line}, ${which}`);
}
