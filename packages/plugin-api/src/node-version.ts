import type { Evidence, ProjectView } from './index.js';
import type { PackageJson } from './package-json.js';

/** Node.js release lines, newest first, with their LTS codenames. */
export const LTS_CODENAMES: Record<string, number> = {
  argon: 4,
  boron: 6,
  carbon: 8,
  dubnium: 10,
  erbium: 12,
  fermium: 14,
  gallium: 16,
  hydrogen: 18,
  iron: 20,
  jod: 22,
  krypton: 24,
};

/** The LTS line the stack defaults to (matches the schema default). */
export const DEFAULT_NODE_MAJOR = 24;
/** Majors a range may be resolved to, in order of preference: the default LTS, newer LTS, then older. */
export const CANDIDATE_MAJORS = [24, 26, 22, 20, 18];

export type Version = [number, number, number];
const MAX: Version = [Infinity, 0, 0];

/** `x`, `x.y` or `x.y.z` (with `x`/`*` wildcards and a leading `v`) as a triple and how many parts were given. */
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

/** Interval [lo, hi) of one comparator set such as `>=18.17 <23` or `^20.11`; undefined when unparseable. */
function interval(set: string): [Version, Version] | undefined {
  let lo: Version = [0, 0, 0];
  let hi: Version = MAX;
  const tokens = set
    .trim()
    .replace(/([<>=~^]+)\s+/g, '$1')
    .split(/\s+/)
    .filter(Boolean);
  if (tokens.length === 3 && tokens[1] === '-') {
    const a = parseVersion(tokens[0] as string);
    const b = parseVersion(tokens[2] as string);
    return a && b ? [a.v, bumpVersion(b.v, b.parts)] : undefined;
  }
  for (const token of tokens) {
    const m = /^(>=|<=|>|<|\^|~|=)?(.*)$/.exec(token);
    const p = m ? parseVersion(m[2] as string) : undefined;
    if (!m || !p) return undefined;
    const op = m[1] ?? '';
    let l: Version = [0, 0, 0];
    let h: Version = MAX;
    if (op === '>=') l = p.v;
    else if (op === '>') l = bumpVersion(p.v, p.parts === 3 ? 3 : p.parts);
    else if (op === '<') h = p.v;
    else if (op === '<=') h = bumpVersion(p.v, p.parts);
    else if (op === '^') [l, h] = [p.v, p.v[0] > 0 ? [p.v[0] + 1, 0, 0] : bumpVersion(p.v, Math.min(p.parts, 2))];
    else if (op === '~') [l, h] = [p.v, bumpVersion(p.v, Math.min(Math.max(p.parts, 2), 2))];
    else [l, h] = [p.v, bumpVersion(p.v, p.parts)];
    if (compareVersions(l, lo) > 0) lo = l;
    if (compareVersions(h, hi) < 0) hi = h;
  }
  return [lo, hi];
}

/** True when some release of `major` satisfies the engines-style `range`. */
export function majorSatisfies(range: string, major: number): boolean {
  return range.split('||').some((set) => {
    const iv = interval(set);
    if (!iv) return false;
    const [lo, hi] = iv;
    return compareVersions(lo, [major + 1, 0, 0]) < 0 && compareVersions(hi, [major, 0, 0]) > 0 && compareVersions(lo, hi) < 0;
  });
}

/**
 * Turns a version file's text or an engines range into an image version: an exact
 * `x.y.z` stays exact, a bare major or codename becomes the major, and a range becomes
 * the preferred LTS major that satisfies it. Undefined when nothing usable.
 */
export function resolveNodeVersion(text: string): { version: string; how: string } | undefined {
  const t = text.trim().replace(/^v/, '');
  if (t === '' || t === 'node' || t === 'latest' || t === 'current' || t === 'lts/*' || t === 'lts') {
    return { version: String(DEFAULT_NODE_MAJOR), how: `"${text.trim()}" means the current LTS` };
  }
  const lts = /^lts\/([a-z]+)$/.exec(t);
  if (lts) {
    const major = LTS_CODENAMES[lts[1] as string];
    return major === undefined ? undefined : { version: String(major), how: `LTS codename "${lts[1]}" is Node ${major}` };
  }
  if (/^\d+$/.test(t)) return { version: t, how: `the Node ${t} release line` };
  if (/^\d+\.\d+\.\d+$/.test(t)) return { version: t, how: 'an exact version' };
  if (/^\d+\.\d+$/.test(t)) return { version: t, how: `the Node ${t} minor line` };
  for (const major of CANDIDATE_MAJORS) {
    if (majorSatisfies(t, major)) return { version: String(major), how: `Node ${major} is the preferred LTS line inside "${t}"` };
  }
  return undefined;
}

/** Where a project asks for a Node.js version, and what it asks for. */
export interface NodeVersionFound {
  version: string;
  /** The file, or `package.json volta.node` / `package.json engines.node`. */
  source: string;
  /** The text as written (first line of a version file). */
  text: string;
  /** How the text became the version. */
  how: string;
}

/**
 * The Node.js version a project asks for: `.nvmrc`, `.node-version`, `package.json` volta.node, then
 * engines.node, the first that resolves (see {@link resolveNodeVersion}). Every source read is added
 * to `seen` when given. Undefined keeps the stack's default.
 */
export async function nodeVersion(p: ProjectView, pkg: PackageJson | undefined, seen?: Evidence[]): Promise<NodeVersionFound | undefined> {
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const sources: Array<[string, string | undefined]> = [
    ['.nvmrc', await p.readText('.nvmrc')],
    ['.node-version', await p.readText('.node-version')],
    ['package.json volta.node', str(pkg?.volta?.['node'])],
    ['package.json engines.node', str(pkg?.engines?.['node'])],
  ];
  for (const [source, raw] of sources) {
    if (raw === undefined) continue;
    const text = raw.split('\n')[0]?.trim() ?? '';
    const [file, field] = source.split(' ') as [string, string | undefined];
    seen?.push({ file, says: `${field !== undefined ? `${field} ` : ''}"${text}"` });
    const resolved = resolveNodeVersion(text);
    if (resolved) return { version: resolved.version, source, text, how: resolved.how };
  }
  return undefined;
}

/**
 * Whether `c`, a {@link compareVersions} result of a candidate against a bound, satisfies the
 * plain comparison `op` (`>=`, `>`, `<=`, `<`, `!=`); undefined for any other operator, which the
 * caller's ecosystem defines (`^`, `~`, `~>`, `==`, `~=`...).
 */
export function compareWith(op: string, c: number): boolean | undefined {
  if (op === '>=') return c >= 0;
  if (op === '>') return c > 0;
  if (op === '<=') return c <= 0;
  if (op === '<') return c < 0;
  if (op === '!=') return c !== 0;
  return undefined;
}
