import { catalogue, type Catalogue } from './catalogue.js';
import { compareVersions, parseRef, splitTag } from './ref.js';

/** What the catalogue says about one image reference. */
export interface TagFacts {
  name: string;
  tag: string;
  /** The catalogue covers this image (it may still not know the tag). */
  known: boolean;
  /** The tag was published at some time. */
  exists: boolean;
  /** The tag is still rebuilt (listed upstream at the catalogue's source commit). */
  current: boolean;
  /** When an old tag stopped being rebuilt. */
  removed?: string;
  /** The catalogue has the image's history; false for sources that list current tags only (.NET). */
  history: boolean;
  /** Not found, but newer than every version of its release line the catalogue has: maybe published since. */
  newer: boolean;
  shape: string;
  version: string;
}

const ARCH = /-(amd64|arm64|arm64v8|arm32v7|arm|s390x|ppc64le|riscv64)$/;

/** Looks one reference up: does the tag exist, is it still rebuilt. */
export function lookup(reference: string, cat: Catalogue = catalogue()): TagFacts {
  const { name, tag } = parseRef(reference);
  const known = cat.knows(name);
  if (name.startsWith('gcr.io/distroless/')) {
    const entry = Object.entries(cat.data.images[name] ?? {})[0];
    const base = tag.replace(ARCH, '');
    const exists = entry !== undefined && entry[0].split('|').includes(base);
    const removed = entry === undefined ? undefined : Object.keys(entry[1].o ?? {})[0];
    return {
      name,
      tag,
      known,
      exists,
      current: exists && entry?.[1].c !== undefined,
      ...(exists && removed !== undefined ? { removed } : {}),
      history: true,
      newer: false,
      shape: entry?.[0] ?? '',
      version: '',
    };
  }
  const plain = name.startsWith('mcr.microsoft.com/dotnet/') ? tag.replace(ARCH, '') : tag;
  const [shape, version] = splitTag(plain);
  const all = cat.versions(name, shape);
  const state = all.get(version);
  const line = version
    .split('.')
    .slice(0, Math.max(1, version.split('.').length - 1))
    .join('.');
  // Newer than every version of its line in any variant of the image: maybe published after the sources.
  const inLine =
    state !== undefined
      ? []
      : cat
          .shapes(name)
          .flatMap((sh) => [...cat.versions(name, sh).keys()])
          .filter((v) => v.startsWith(line + '.'));
  const newer = state === undefined && version.includes('.') && inLine.length > 0 && inLine.every((v) => compareVersions(version, v) > 0);
  const history = !name.startsWith('mcr.microsoft.com/dotnet/');
  return {
    name,
    tag,
    known,
    exists: state !== undefined,
    current: state === null,
    ...(typeof state === 'string' ? { removed: state } : {}),
    history,
    newer,
    shape,
    version,
  };
}

/** Published versions of a tag shape, oldest first (`current` only: still rebuilt). */
export function versionsOf(name: string, shape: string, opts: { current?: boolean } = {}, cat: Catalogue = catalogue()): string[] {
  return [...cat.versions(name, shape)]
    .filter(([, removed]) => !opts.current || removed === null)
    .map(([v]) => v)
    .sort(compareVersions);
}

/**
 * The published version of `shape` nearest to `version`: the same version; else the lowest published one of the
 * same depth in the same release line that is not older (3.12.3 -> 3.12.4); else the line's floating tag (3.12);
 * else nothing: it never leaves the release line (`lineDepth` parts: 1 for node and java, 2 for most others). Current
 * versions win over old ones at each step.
 */
export function nearestVersion(
  name: string,
  shape: string,
  version: string,
  lineDepth = Math.min(2, version.split('.').length),
  cat: Catalogue = catalogue(),
): string | undefined {
  const all = cat.versions(name, shape);
  if (all.has(version)) return version;
  const parts = version.split('.');
  for (let keep = parts.length - 1; keep >= lineDepth; keep--) {
    const prefix = parts.slice(0, keep).join('.');
    const inLine = [...all.keys()].filter((v) => v.startsWith(prefix + '.') || v === prefix);
    const sameDepth = inLine.filter((v) => v.split('.').length === parts.length && compareVersions(v, version) > 0).sort(compareVersions);
    const pick = sameDepth.find((v) => all.get(v) === null) ?? sameDepth[0];
    if (pick !== undefined) return pick;
    if (all.has(prefix)) return prefix;
  }
  return undefined;
}

/** Tags of an image that fit `shape`, for error messages: the current ones, newest first, at most `limit`. */
export function publishedTags(name: string, shape: string, limit = 8, cat: Catalogue = catalogue()): string[] {
  return versionsOf(name, shape, { current: true }, cat)
    .reverse()
    .slice(0, limit)
    .map((v) => shape.replace('#', v));
}
