/**
 * Version constraints as ecosystems write them (`^8.2`, `~> 3.3`, `>=3.9,<3.12`, `!=3.14.*`,
 * `8.1 - 8.3`, `||` alternatives): each stack names what its operators mean in a {@link Dialect},
 * and the kit turns a constraint into intervals and picks the preferred release line inside it.
 */

/** A version as three numbers (missing ones are 0). */
export type Version = [number, number, number];

/** A version as written in a constraint: its triple, how many numbers were given, and whether a wildcard followed (`3.11.*`). */
export interface Written {
  v: Version;
  parts: number;
  wildcard: boolean;
}

/** `x`, `x.y` or `x.y.z` (a leading `v`, `x`/`*` wildcards) as a triple and how many parts were given; undefined otherwise. */
export function parseVersion(text: string): { v: Version; parts: number } | undefined {
  const m = /^v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?$/.exec(text.trim());
  if (!m) return undefined;
  const nums = [m[1], m[2], m[3]].filter((x) => x !== undefined && x !== 'x' && x !== '*').map(Number);
  return { v: [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0], parts: nums.length };
}

/** -1, 0 or 1 as `a` is below, equal to or above `b`. */
export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] as number) < (b[i] as number) ? -1 : 1;
  return 0;
}

/** The first version above every version that starts with the first `parts` numbers of `v`. */
export function bumpVersion(v: Version, parts: number): Version {
  if (parts <= 1) return [v[0] + 1, 0, 0];
  if (parts === 2) return [v[0], v[1] + 1, 0];
  return [v[0], v[1], v[2] + 1];
}

const LOWEST: Version = [0, 0, 0];
const HIGHEST: Version = [Infinity, 0, 0];

/** The versions one operator admits: an interval `[lo, hi)`, or a line it excludes (`!=3.14.*`), or none (`!=3.14.2`). */
export type Bound = (w: Written) => { admit: readonly [Version, Version] } | { exclude: readonly [Version, Version] } | undefined;

const admit = (lo: Version, hi: Version) => ({ admit: [lo, hi] as const });
const lineOf = (w: Written): [Version, Version] => [w.v, bumpVersion(w.v, w.parts)];

/** What operators mean, by name; a {@link Dialect} maps each operator its ecosystem writes to one of these. */
export const BOUNDS = {
  atLeast: (w) => admit(w.v, HIGHEST),
  /** `>3.11` is above 3.11.0. */
  above: (w) => admit(bumpVersion(w.v, 3), HIGHEST),
  /** semver's `>20` is above every 20.x. */
  aboveLine: (w) => admit(bumpVersion(w.v, w.parts), HIGHEST),
  below: (w) => admit(LOWEST, w.v),
  /** `<=3.11` is 3.11.0 and below. */
  atMost: (w) => admit(LOWEST, bumpVersion(w.v, 3)),
  /** semver's `<=20` is every 20.x and below. */
  atMostLine: (w) => admit(LOWEST, bumpVersion(w.v, w.parts)),
  /** `3.11`, `3.11.*`, `=8.2`: the line; `3.11.4` exactly. */
  line: (w) => admit(...lineOf(w)),
  /** PEP 440 `==3.11` is 3.11.0 exactly; with a wildcard, the line. */
  exact: (w) => (w.wildcard ? admit(...lineOf(w)) : admit(w.v, bumpVersion(w.v, 3))),
  /** `^8.2`: up to the next major (the next minor for `^0.x`). */
  caret: (w) => admit(w.v, w.v[0] > 0 ? bumpVersion(w.v, 1) : bumpVersion(w.v, Math.min(w.parts, 2))),
  /** npm/Poetry `~3.11`: up to the next minor (`~3`: the next major). */
  tilde: (w) => admit(w.v, bumpVersion(w.v, Math.min(2, w.parts))),
  /** `~=` / `~>` / Composer's `~`: the last number given may rise (`~> 3.3` is below 4, `~> 3.3.0` below 3.4). */
  compatible: (w) => admit(w.v, bumpVersion(w.v, Math.max(1, w.parts - 1))),
  /** `!=3.14.*` removes the line; `!=3.14.2` removes one release, which never rules a line out. */
  notLine: (w) => (w.wildcard ? { exclude: lineOf(w) } : undefined),
} satisfies Record<string, Bound>;

/** An ecosystem's operators (`''` for a bare version) and what each means. */
export type Dialect = Readonly<Record<string, Bound>>;

/** The comparisons ecosystems write alike (`>=`, `>`, `<`, `<=`, `!=3.14.*`, `=`, a bare version); a stack's dialect adds its own operators. */
export const COMPARISONS: Dialect = {
  '>=': BOUNDS.atLeast,
  '>': BOUNDS.above,
  '<': BOUNDS.below,
  '<=': BOUNDS.atMost,
  '!=': BOUNDS.notLine,
  '=': BOUNDS.line,
  '': BOUNDS.line,
};

/** One `||` alternative: an interval less the lines it excludes. */
interface Alternative {
  lo: Version;
  hi: Version;
  excluded: Array<readonly [Version, Version]>;
}

const OPERATOR = /^(~=|~>|===|==|!=|<=|>=|<|>|\^|~|=)?(.+)$/;

function written(text: string): Written | undefined {
  const m = /^v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?/i.exec(text);
  if (!m) return undefined;
  const raw = [m[1], m[2], m[3]].filter((x): x is string => x !== undefined);
  const nums = raw.filter((x) => /^\d+$/.test(x)).map(Number);
  return { v: [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0], parts: nums.length, wildcard: nums.length < raw.length };
}

function alternative(text: string, dialect: Dialect): Alternative | undefined {
  const joined = text.trim().replace(/([<>=!~^]+)\s+/g, '$1');
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(joined);
  if (hyphen) {
    // `8.1 - 8.3`: from the first version to the end of the line the second names.
    const [from, to] = [written(hyphen[1] as string), written(hyphen[2] as string)];
    return from && to ? { lo: from.v, hi: bumpVersion(to.v, to.parts), excluded: [] } : undefined;
  }
  const alt: Alternative = { lo: LOWEST, hi: HIGHEST, excluded: [] };
  for (const clause of joined.split(/[,\s]+(?=[<>=!~^0-9*v])/).filter((c) => c !== '' && c !== '*')) {
    const m = OPERATOR.exec(clause);
    const w = m ? written(m[2] as string) : undefined;
    const bound = dialect[m?.[1] ?? ''];
    if (!w || !bound) return undefined;
    const said = bound(w);
    if (said !== undefined && 'exclude' in said) alt.excluded.push(said.exclude);
    else if (said !== undefined) {
      if (compareVersions(said.admit[0], alt.lo) > 0) alt.lo = said.admit[0];
      if (compareVersions(said.admit[1], alt.hi) < 0) alt.hi = said.admit[1];
    }
  }
  return alt;
}

/** A constraint as its `||` (or `|`) alternatives; undefined when a clause does not parse or uses an operator the dialect lacks. */
export function parseConstraint(constraint: string, dialect: Dialect): readonly Alternative[] | undefined {
  const alts = constraint.split(/\|\|?/).map((a) => alternative(a, dialect));
  return alts.every((a) => a !== undefined) ? (alts as Alternative[]) : undefined;
}

/** True when some release of the line `line` (`3.14`, `24`) satisfies `constraint`. */
export function admitsLine(constraint: string | readonly Alternative[], line: string, dialect: Dialect = {}): boolean {
  const alts = typeof constraint === 'string' ? parseConstraint(constraint, dialect) : constraint;
  const l = parseVersion(line);
  if (!alts || !l) return false;
  const [lo, hi] = [l.v, bumpVersion(l.v, l.parts)];
  const covers = ([a, b]: readonly [Version, Version]) => compareVersions(a, lo) <= 0 && compareVersions(b, hi) >= 0;
  return alts.some((alt) => {
    const [from, to] = [compareVersions(alt.lo, lo) > 0 ? alt.lo : lo, compareVersions(alt.hi, hi) < 0 ? alt.hi : hi];
    return compareVersions(from, to) < 0 && !alt.excluded.some(covers);
  });
}

/** The first of `lines` (in the stack's order of preference) that `constraint` admits; undefined when none does or it does not parse. */
export function preferredLine(constraint: string, lines: readonly string[], dialect: Dialect): string | undefined {
  const alts = parseConstraint(constraint, dialect);
  return alts && lines.find((line) => admitsLine(alts, line));
}

/** The release line (`major.minor`) of a version as written (`8.3.14` -> `8.3`); the text itself when it is not one. */
export function releaseLine(version: string): string {
  const w = written(version.trim());
  return w ? `${w.v[0]}.${w.v[1]}` : version;
}
