import path from 'node:path';
import { parseRef } from '@dockstack/images';
import { argImages } from './image-policy.js';
import { LOCK_FILE, serializeLock, sha512, type Lockfile } from './lock.js';
import { readRegularFile } from './project/read-file.js';
import type { RenderedFile } from './render.js';
import { planWrites, type PlannedWrite } from './write.js';

/** Resolves an image reference (tag, no digest) to the digest its registry serves now. */
export type DigestResolver = (ref: string) => Promise<string>;

const stripDigest = (ref: string): string => ref.replace(/@sha256:[a-f0-9]{64}$/, '');

/** The base images of a Dockerfile worth pinning: global `*_IMAGE` ARGs, expanded, without their digest. */
export function pinTargets(dockerfile: string): Array<{ arg: string; ref: string }> {
  const head = dockerfile.split(/^FROM\s/im)[0] ?? '';
  return [...argImages(head)]
    .filter(([arg, ref]) => /_IMAGE$/.test(arg) && ref !== '' && ref !== 'scratch')
    .map(([arg, ref]) => ({ arg, ref: stripDigest(ref) }));
}

/**
 * Writes `image:tag@sha256:...` into each global `*_IMAGE` ARG whose image has a digest in `digests` (keyed by
 * the reference without digest). The tag stays for people and Renovate; the digest is what the engine pulls.
 */
export function pinDockerfile(dockerfile: string, digests: Readonly<Record<string, string>>): string {
  const targets = new Map(pinTargets(dockerfile).map((t) => [t.arg, t.ref]));
  return dockerfile.replace(/^ARG\s+([A-Za-z_][A-Za-z0-9_]*)=(\S*)[ \t]*$/gm, (line, arg: string) => {
    const ref = targets.get(arg);
    const digest = ref === undefined ? undefined : digests[ref];
    return ref === undefined || digest === undefined ? line : `ARG ${arg}=${ref}@${digest}`;
  });
}

/** Rendered files with the Dockerfile pinned to the locked digests (none: unchanged). */
export function pinRendered(files: RenderedFile[], digests: Readonly<Record<string, string>> | undefined): RenderedFile[] {
  if (digests === undefined || Object.keys(digests).length === 0) return files;
  return files.map((f) => (f.path === 'Dockerfile' ? { ...f, content: pinDockerfile(f.content, digests) } : f));
}

export interface PinResult {
  /** Dockerfiles and the lock, planned (the caller applies them atomically). */
  plan: PlannedWrite[];
  lock: Lockfile;
  pinned: Array<{ service: string; arg: string; ref: string; digest: string; previous?: string }>;
}

/** Resolves every service's base images to digests, and plans the pinned Dockerfiles and the lock recording them. */
export async function pinProject(root: string, lock: Lockfile, resolve: DigestResolver): Promise<PinResult> {
  const next: Lockfile = { ...lock, services: { ...lock.services } };
  const files: RenderedFile[] = [];
  const pinned: PinResult['pinned'] = [];
  for (const at of Object.keys(lock.services).sort()) {
    const entry = lock.services[at];
    if (entry === undefined || entry.files['Dockerfile'] === undefined) continue;
    const rel = path.posix.join(at, 'Dockerfile');
    const text = await readRegularFile(path.join(root, rel));
    if (text === undefined) continue;
    const digests: Record<string, string> = {};
    for (const { arg, ref } of pinTargets(text)) {
      digests[ref] ??= await resolve(ref);
      pinned.push({
        service: at,
        arg,
        ref,
        digest: digests[ref] as string,
        ...(entry.digests?.[ref] !== undefined && entry.digests[ref] !== digests[ref] ? { previous: entry.digests[ref] } : {}),
      });
    }
    const content = pinDockerfile(text, digests);
    files.push({ path: rel, content });
    // The lock's hash is of what dockstack generated: the render, pinned. A hand edit elsewhere stays visible.
    next.services[at] = {
      ...entry,
      digests,
      files: {
        ...entry.files,
        ...(sha512(text) === entry.files['Dockerfile'] || entry.digests !== undefined ? { Dockerfile: sha512(content) } : {}),
      },
    };
  }
  files.push({ path: LOCK_FILE, content: serializeLock(next) });
  return { plan: await planWrites(root, files), lock: next, pinned };
}

/** Locked digests that the registry no longer serves for their tag: a newer image was pushed. */
export async function staleDigests(
  lock: Lockfile,
  resolve: DigestResolver,
): Promise<Array<{ service: string; ref: string; locked: string; current: string }>> {
  const out: Array<{ service: string; ref: string; locked: string; current: string }> = [];
  for (const [at, entry] of Object.entries(lock.services).sort(([a], [b]) => a.localeCompare(b))) {
    for (const [ref, locked] of Object.entries(entry.digests ?? {}).sort()) {
      const current = await resolve(ref);
      if (current !== locked) out.push({ service: at, ref, locked, current });
    }
  }
  return out;
}

/** A `renovate.json` that keeps pinned base images fresh: Renovate's dockerfile manager, digests pinned. */
export function renovateConfig(): string {
  const config = {
    $schema: 'https://docs.renovatebot.com/renovate-schema.json',
    extends: ['config:recommended', 'docker:pinDigests'],
    enabledManagers: ['dockerfile'],
    dockerfile: { fileMatch: ['(^|/)Dockerfile$'] },
    packageRules: [
      { matchDatasources: ['docker'], matchUpdateTypes: ['digest', 'pin', 'pinDigest'], groupName: 'base image digests', automerge: false },
    ],
  };
  return JSON.stringify(config, null, 2) + '\n';
}

export { parseRef };
