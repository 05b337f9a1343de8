import type { Evidence, ProjectView } from './index.js';
import type { PackageJson } from './package-json.js';
import { admitsLine, BOUNDS, COMPARISONS, type Dialect } from './range.js';

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

const NODE_RANGES: Dialect = { ...COMPARISONS, '>': BOUNDS.aboveLine, '<=': BOUNDS.atMostLine, '^': BOUNDS.caret, '~': BOUNDS.tilde };

/** True when some release of `major` satisfies the engines-style `range` (an alternative that does not parse admits nothing). */
export function majorSatisfies(range: string, major: number): boolean {
  return range.split('||').some((set) => admitsLine(set, String(major), NODE_RANGES));
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
