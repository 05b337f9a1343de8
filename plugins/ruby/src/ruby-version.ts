/**
 * Ruby version resolution: the Gemfile's `ruby` directive (which Bundler enforces), `.ruby-version`,
 * `.tool-versions`, and the lockfile's RUBY VERSION.
 */

import {
  BOUNDS,
  COMPARISONS,
  endOfLifeNotes,
  lineReason,
  preferredLine,
  releaseLine,
  type Dialect,
  type ResolvedVersion,
} from '@dockstack/plugin-api';

/** The line the stack defaults to (matches schema.json). */
export const DEFAULT_RUBY = '3.4';
/** Minor lines a range may resolve to, in order of preference: the default, newer, then older. */
const CANDIDATES = ['3.4', '4.0', '3.3', '3.2', '3.1', '3.0', '2.7'];
/** Lines past their end of life (no more security releases, images no longer rebuilt). */
const END_OF_LIFE: Record<string, string> = { '2.7': 'March 2023', '3.0': 'April 2024', '3.1': 'March 2025', '3.2': 'March 2026' };
/** Lines whose official images never had trixie variants (they ended before trixie's release). */
export const BOOKWORM_ONLY = new Set(['2.7', '3.0', '3.1']);

export interface ResolvedRuby extends ResolvedVersion {
  /** True when the version is exact because Bundler refuses any other. */
  enforced: boolean;
  notes: string[];
}

/** RubyGems' requirement operators. */
const RUBYGEMS: Dialect = { ...COMPARISONS, '~>': BOUNDS.compatible };

const notesFor = (line: string): string[] => endOfLifeNotes('Ruby', line, END_OF_LIFE);

/** `.ruby-version` / `.tool-versions` value: `3.3.0`, `ruby-3.3.0`, `3.3`. Patch pins follow their line. */
export function fromVersionFile(value: string, file: string): ResolvedRuby | undefined {
  const v = value.trim().replace(/^ruby-/, '');
  const m = /^(\d)\.(\d{1,2})(?:\.(\d{1,2}))?(?:-?p\d+)?$/.exec(v);
  if (!m) return undefined;
  const line = `${m[1]}.${m[2]}`;
  return { version: line, how: lineReason(file, value.trim(), line, 'rubyVersion', m[3]), enforced: false, notes: notesFor(line) };
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
      notes: notesFor(releaseLine(version)),
    };
  }
  const said = reqs.map((r) => `"${r}"`).join(', ');
  const line = preferredLine(reqs.join(', '), CANDIDATES, RUBYGEMS);
  if (line === undefined) return undefined;
  const how = line === DEFAULT_RUBY ? `Gemfile ruby ${said} admits the default line ${line}` : `Gemfile ruby ${said}: the ${line} line`;
  return { version: line, how, enforced: false, notes: notesFor(line) };
}
