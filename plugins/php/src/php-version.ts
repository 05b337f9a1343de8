/**
 * PHP version resolution: `.php-version`, Composer's `config.platform.php` (the version the lock
 * was resolved for), and the `require.php` constraint (`^8.2`, `~8.3.0`, `8.2.*`, `>=8.1 <8.5`, `||`).
 */

import { BOUNDS, COMPARISONS, endOfLifeNotes, lineReason, preferredLine, type Dialect, type ResolvedVersion } from '@dockstack/plugin-api';

/** The line the stack defaults to (matches schema.json). */
export const DEFAULT_PHP = '8.5';
/** Lines a constraint may resolve to, in order of preference: the default, older maintained, newer, then end-of-life. */
const CANDIDATES = ['8.5', '8.4', '8.3', '8.2', '8.6', '8.1', '8.0', '7.4'];
/** Lines past their end of life (no more security releases, images no longer rebuilt). */
const END_OF_LIFE: Record<string, string> = { '7.4': 'November 2022', '8.0': 'November 2023', '8.1': 'December 2025' };
/** Lines whose official images never had trixie variants. */
export const BOOKWORM_ONLY = new Set(['7.4', '8.0']);

export interface ResolvedPhp extends ResolvedVersion {
  notes: string[];
}

/** Composer's operators. */
const COMPOSER: Dialect = { ...COMPARISONS, '^': BOUNDS.caret, '~': BOUNDS.compatible, '==': BOUNDS.line };

const notesFor = (line: string): string[] => endOfLifeNotes('PHP', line, END_OF_LIFE);

/** `.php-version` or `config.platform.php`: a version; a patch pin follows its line. */
export function fromVersion(value: string, source: string): ResolvedPhp | undefined {
  const m = /^\s*(7|8)\.(\d)(?:\.(\d{1,2}))?\s*$/.exec(value);
  if (!m) return undefined;
  const line = `${m[1]}.${m[2]}`;
  return { version: line, how: lineReason(source, value.trim(), line, 'phpVersion', m[3]), notes: notesFor(line) };
}

/** composer.json `require.php`: the default line if admitted, else the nearest admitted line. */
export function fromConstraint(constraint: string): ResolvedPhp | undefined {
  const line = preferredLine(constraint, CANDIDATES, COMPOSER);
  if (line === undefined) return undefined;
  const how =
    line === DEFAULT_PHP
      ? `composer.json requires php "${constraint}", which admits the default line ${line}`
      : `composer.json requires php "${constraint}": the ${line} line`;
  return { version: line, how, notes: notesFor(line) };
}
