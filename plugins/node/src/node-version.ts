/** Node.js release lines, newest first, with their LTS codenames. */
export const LTS_CODENAMES: Record<string, number> = {
  argon: 4, boron: 6, carbon: 8, dubnium: 10, erbium: 12, fermium: 14, gallium: 16, hydrogen: 18, iron: 20, jod: 22, krypton: 24,
};

/** The LTS line the stack defaults to (matches the schema default). */
export const DEFAULT_NODE_MAJOR = 24;
/** Majors a range may be resolved to, in order of preference: the default LTS, newer LTS, then older. */
export const CANDIDATE_MAJORS = [24, 26, 22, 20, 18];

type Version = [number, number, number];
const MAX: Version = [Infinity, 0, 0];

function parse(text: string): { v: Version; parts: number } | undefined {
  const m = /^v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?$/.exec(text.trim());
  if (!m) return undefined;
  const nums = [m[1], m[2], m[3]].filter((x) => x !== undefined && x !== 'x' && x !== '*').map(Number);
  return { v: [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0], parts: nums.length };
}

function cmp(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] as number) < (b[i] as number) ? -1 : 1;
  return 0;
}

function bump(v: Version, parts: number): Version {
  if (parts <= 1) return [v[0] + 1, 0, 0];
  if (parts === 2) return [v[0], v[1] + 1, 0];
  return [v[0], v[1], v[2] + 1];
}

/** Interval [lo, hi) of one comparator set such as `>=18.17 <23` or `^20.11`; undefined when unparseable. */
function interval(set: string): [Version, Version] | undefined {
  let lo: Version = [0, 0, 0];
  let hi: Version = MAX;
  const tokens = set.trim().replace(/([<>=~^]+)\s+/g, '$1').split(/\s+/).filter(Boolean);
  if (tokens.length === 3 && tokens[1] === '-') {
    const a = parse(tokens[0] as string);
    const b = parse(tokens[2] as string);
    return a && b ? [a.v, bump(b.v, b.parts)] : undefined;
  }
  for (const token of tokens) {
    const m = /^(>=|<=|>|<|\^|~|=)?(.*)$/.exec(token);
    const p = m ? parse(m[2] as string) : undefined;
    if (!m || !p) return undefined;
    const op = m[1] ?? '';
    let l: Version = [0, 0, 0];
    let h: Version = MAX;
    if (op === '>=') l = p.v;
    else if (op === '>') l = bump(p.v, p.parts === 3 ? 3 : p.parts);
    else if (op === '<') h = p.v;
    else if (op === '<=') h = bump(p.v, p.parts);
    else if (op === '^') [l, h] = [p.v, p.v[0] > 0 ? [p.v[0] + 1, 0, 0] : bump(p.v, Math.min(p.parts, 2))];
    else if (op === '~') [l, h] = [p.v, bump(p.v, Math.min(Math.max(p.parts, 2), 2))];
    else [l, h] = [p.v, bump(p.v, p.parts)];
    if (cmp(l, lo) > 0) lo = l;
    if (cmp(h, hi) < 0) hi = h;
  }
  return [lo, hi];
}

/** True when some release of `major` satisfies the engines-style `range`. */
export function majorSatisfies(range: string, major: number): boolean {
  return range.split('||').some((set) => {
    const iv = interval(set);
    if (!iv) return false;
    const [lo, hi] = iv;
    return cmp(lo, [major + 1, 0, 0]) < 0 && cmp(hi, [major, 0, 0]) > 0 && cmp(lo, hi) < 0;
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
