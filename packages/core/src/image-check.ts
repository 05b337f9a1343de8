import path from 'node:path';
import { catalogueAge, lookup, type CatalogueAge } from '@dockstack/images';
import { baseImageRefs, lifecycleNotes } from './image-policy.js';
import type { Lockfile } from './lock.js';
import { staleDigests, type DigestResolver } from './pin.js';
import { readRegularFile } from './project/read-file.js';

/** One finding of `dockstack check` about a base image. */
export interface ImageFinding {
  service: string;
  ref: string;
  kind: 'eol' | 'not-current' | 'unpublished' | 'unknown' | 'stale-digest' | 'digest-error';
  message: string;
}

export interface ImageCheck {
  findings: ImageFinding[];
  catalogue: CatalogueAge;
}

/**
 * Reads each service's Dockerfile and reports base images that are end of life, no longer rebuilt or never
 * published (by the image catalogue), and, when the lock records digests and a resolver is given, digests the
 * registry no longer serves for their tag. Reads only; `now` is the caller's clock.
 */
export async function checkImages(root: string, lock: Lockfile, opts: { now?: Date; resolve?: DigestResolver } = {}): Promise<ImageCheck> {
  const now = opts.now ?? new Date();
  const findings: ImageFinding[] = [];
  for (const at of Object.keys(lock.services).sort()) {
    const entry = lock.services[at];
    const text = await readRegularFile(path.join(root, at, 'Dockerfile'));
    if (entry === undefined || text === undefined) continue;
    const mirror =
      typeof entry.options['registry'] === 'string' && entry.options['registry'] !== '' ? `${String(entry.options['registry'])}/` : '';
    for (const raw of baseImageRefs(text)) {
      const bare = raw.replace(/@sha256:[a-f0-9]{64}$/, '');
      const unmirrored = mirror !== '' && bare.startsWith(mirror) ? bare.slice(mirror.length) : bare;
      const ref = unmirrored.startsWith('dotnet/') ? `mcr.microsoft.com/${unmirrored}` : unmirrored;
      const facts = lookup(ref);
      if (!facts.known) continue;
      if (!facts.exists) {
        findings.push({
          service: at,
          ref,
          kind: 'unpublished',
          message: `${ref} was never published (per the image catalogue of ${catalogueAge(now).sourceDate})`,
        });
        continue;
      }
      for (const n of lifecycleNotes('', ref, now))
        if (n.kind === 'eol' || n.kind === 'not-current') findings.push({ service: at, ref, kind: n.kind, message: n.message });
    }
  }
  if (opts.resolve !== undefined && Object.values(lock.services).some((s) => s.digests !== undefined)) {
    const resolve = opts.resolve;
    const failures: ImageFinding[] = [];
    const safe: DigestResolver = async (ref) => {
      try {
        return await resolve(ref);
      } catch (error) {
        failures.push({
          service: '',
          ref,
          kind: 'digest-error',
          message: `could not ask the registry for ${ref}: ${(error as Error).message}`,
        });
        return '';
      }
    };
    for (const s of await staleDigests(lock, safe)) {
      if (s.current === '') continue;
      findings.push({
        service: s.service,
        ref: s.ref,
        kind: 'stale-digest',
        message: `${s.ref}: a newer image was pushed (${s.current}); the Dockerfile pins ${s.locked}. Run dockstack pin to move to it.`,
      });
    }
    findings.push(...failures);
  }
  return { findings, catalogue: catalogueAge(now) };
}
