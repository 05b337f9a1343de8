/**
 * Gemfile.lock reader: the specs of every source (with their dependencies and platform
 * variants), PLATFORMS, DEPENDENCIES, RUBY VERSION and BUNDLED WITH.
 */

export interface LockedGem {
  version: string;
  /** Platform suffixes of the locked variants; `ruby` for the source variant. */
  platforms: Set<string>;
  deps: Set<string>;
  /** Where it comes from: `GEM`, `GIT` or `PATH`, and the remote. */
  source: 'GEM' | 'GIT' | 'PATH';
  remote: string;
}

export interface Lockfile {
  gems: Map<string, LockedGem>;
  platforms: string[];
  dependencies: string[];
  rubyVersion?: string;
  bundledWith?: string;
  /** `remote:` of each PATH section. */
  paths: string[];
  gitRemotes: string[];
}

const SPEC = /^ {4}([A-Za-z0-9_.-]+) \(([^)]+)\)$/;
const DEP = /^ {6}([A-Za-z0-9_.-]+)(?: \(.*\))?$/;
/** A version followed by a platform: `1.16.0-x86_64-linux`, `1.18.1-aarch64-linux-gnu`. */
const PLATFORM_VERSION = /^([0-9][0-9A-Za-z.]*)-([a-z0-9_]+-[a-z0-9_-]+)$/;

/** Parses Gemfile.lock text. */
export function parseLockfile(text: string): Lockfile {
  const out: Lockfile = { gems: new Map(), platforms: [], dependencies: [], paths: [], gitRemotes: [] };
  let section = '';
  let remote = '';
  let current: LockedGem | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (/^[A-Z][A-Z ]*$/.test(line)) {
      section = line.trim();
      remote = '';
      current = undefined;
      continue;
    }
    if (line.trim() === '') continue;
    const remoteLine = /^ {2}remote: (.+)$/.exec(line);
    if (remoteLine) {
      remote = (remoteLine[1] ?? '').trim();
      if (section === 'PATH') out.paths.push(remote);
      if (section === 'GIT') out.gitRemotes.push(remote);
      continue;
    }
    if (section === 'GEM' || section === 'GIT' || section === 'PATH') {
      const spec = SPEC.exec(line);
      if (spec) {
        const name = spec[1] ?? '';
        const raw = spec[2] ?? '';
        const pv = PLATFORM_VERSION.exec(raw);
        const platform = pv ? (pv[2] ?? 'ruby') : 'ruby';
        current = out.gems.get(name) ?? {
          version: pv ? (pv[1] ?? raw) : raw,
          platforms: new Set(),
          deps: new Set(),
          source: section,
          remote,
        };
        current.platforms.add(platform);
        out.gems.set(name, current);
        continue;
      }
      const dep = DEP.exec(line);
      if (dep && current) current.deps.add(dep[1] ?? '');
      continue;
    }
    const item = /^ {2,3}(\S.*)$/.exec(line)?.[1]?.trim();
    if (item === undefined) continue;
    if (section === 'PLATFORMS') out.platforms.push(item);
    else if (section === 'DEPENDENCIES') out.dependencies.push((item.split(' ')[0] ?? item).replace(/!$/, ''));
    else if (section === 'RUBY VERSION') out.rubyVersion = item.replace(/^ruby\s+/, '').replace(/p\d+$/, '');
    else if (section === 'BUNDLED WITH') out.bundledWith = item;
  }
  return out;
}

/** The locked gems reachable from `roots` through their dependencies. */
export function closure(lock: Lockfile, roots: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const dep of lock.gems.get(name)?.deps ?? []) queue.push(dep);
  }
  return seen;
}

/** True when the lockfile can be installed on Linux (a `ruby` or a Linux platform is listed). */
export function supportsLinux(lock: Lockfile): boolean {
  return lock.platforms.length === 0 || lock.platforms.some((p) => p === 'ruby' || /linux/.test(p));
}
