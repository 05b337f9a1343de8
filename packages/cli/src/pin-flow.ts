import { Flags } from '@oclif/core';
import { DockstackError, LOCK_FILE, pinProject, readLock, type PinResult } from '@dockstack/core';
import { applyWritesAtomically } from './transaction.js';
import { resolveDigest } from '@dockstack/images';

/** `--pin-digests` (init, add) and `--registry-url` (pin, check, init, add). */
export const pinFlags = {
  'pin-digests': Flags.boolean({
    description: 'After writing, pin every base image to its current digest (as "dockstack pin" does) and record the digests in the lock.',
    default: false,
  }),
  'registry-url': Flags.string({
    description:
      "Ask this registry (base URL) for image digests instead of each image's own registry (a mirror or a test registry). Also DOCKSTACK_REGISTRY_URL.",
  }),
};

/** Resolves every service's base images to digests and writes the pinned Dockerfiles and the lock atomically. */
export async function pinWritten(root: string, registryUrl: string | undefined): Promise<{ result: PinResult; written: string[] }> {
  const lock = await readLock(root);
  if (lock === undefined)
    throw new DockstackError('E_LOCK', `No ${LOCK_FILE} in ${root}: nothing to pin`, {
      file: LOCK_FILE,
      hint: 'Run "dockstack init" first.',
    });
  const baseUrl = registryUrl ?? (process.env['DOCKSTACK_REGISTRY_URL'] || undefined);
  const result = await pinProject(root, lock, async (ref) => {
    try {
      return await resolveDigest(ref, baseUrl === undefined ? {} : { baseUrl });
    } catch (error) {
      throw new DockstackError('E_REGISTRY', `Cannot resolve ${ref} to a digest: ${(error as Error).message}`, {
        hint: 'Check the network, or point --registry-url at a mirror that has the image.',
      });
    }
  });
  return { result, written: await applyWritesAtomically(result.plan) };
}
