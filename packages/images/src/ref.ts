/** An image reference split into parts; `name` is normalised (no `docker.io/library/`). */
export interface ImageRef {
  name: string;
  tag: string;
  digest?: string;
}

/** Parses `name[:tag][@sha256:...]`; a missing tag is `latest`. Docker Hub's implicit prefixes are dropped. */
export function parseRef(ref: string): ImageRef {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  let name = rest;
  let tag = 'latest';
  if (colon > slash) {
    name = rest.slice(0, colon);
    tag = rest.slice(colon + 1);
  }
  name = name.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');
  return { name, tag, ...(digest === undefined ? {} : { digest }) };
}

export function formatRef(ref: ImageRef): string {
  return `${ref.name}:${ref.tag}${ref.digest === undefined ? '' : '@' + ref.digest}`;
}

/** Splits a tag into its shape and version: `3.14-slim-trixie` -> [`#-slim-trixie`, `3.14`]; `trixie-slim` -> [`trixie-slim`, ``]. */
export function splitTag(tag: string): [string, string] {
  const m = /^(.*?(?:^|-|jdk|php))(\d+(?:\.\d+)*)(?=$|-|[a-z])(.*)$/.exec(tag);
  if (m === null || (m[1] !== '' && !/(?:-|jdk|php)$/.test(m[1] ?? ''))) return [tag, ''];
  return [(m[1] ?? '') + '#' + (m[3] ?? ''), m[2] ?? ''];
}

/** Compares dotted numeric versions (`1.9` < `1.10`); a shorter one sorts first on a tie. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? -1;
    const y = pb[i] ?? -1;
    if (x !== y) return x - y;
  }
  return 0;
}
