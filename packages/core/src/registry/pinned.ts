import type { StackCatalog } from '../catalog.js';
import { DockstackError } from '../errors.js';
import { LOCK_FILE, type Lockfile } from '../lock.js';
import { installStack, officialVersion, type InstallContext, type InstallResult } from './install.js';
import { resolveSpec } from './spec.js';

/** A stack version the lock pins that this dockstack does not have (bundled, installed, linked or on the path). */
export interface MissingPin {
  stack: string;
  package: string;
  version: string;
  /** The service folders that pin it. */
  services: string[];
}

/** The exact command that installs a pinned version (by package, so a community pin cannot resolve to another package). */
export function pinInstallCommand(pin: Pick<MissingPin, 'package' | 'version'>, trust = false): string {
  return `dockstack stacks install ${pin.package}@${pin.version}${trust ? ' --trust' : ''}`;
}

/** Every `package@version` the lock pins that the catalog cannot load, once each. */
export function missingPins(catalog: StackCatalog, lock: Lockfile | undefined): MissingPin[] {
  const out = new Map<string, MissingPin>();
  for (const [service, entry] of Object.entries(lock?.services ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    if (catalog.stacks.some((s) => s.id === entry.stack && s.version === entry.version)) continue;
    const key = `${entry.package}@${entry.version}`;
    const seen = out.get(key);
    if (seen !== undefined) seen.services.push(service);
    else out.set(key, { stack: entry.stack, package: entry.package, version: entry.version, services: [service] });
  }
  return [...out.values()];
}

const servicesText = (pin: MissingPin): string => pin.services.map((s) => `"${s}"`).join(', ');

/** E_LOCK for a pin that may not be fetched now (`--offline`). */
export function offlinePinError(pin: MissingPin): DockstackError {
  return new DockstackError(
    'E_LOCK',
    `${LOCK_FILE} pins ${pin.stack}@${pin.version} (${pin.package}) for service ${servicesText(pin)}, which is not installed, and --offline forbids fetching it`,
    {
      file: LOCK_FILE,
      hint: `Install it while online: ${pinInstallCommand(pin)}`,
      data: { package: pin.package, version: pin.version, install: pinInstallCommand(pin) },
    },
  );
}

/**
 * Installs one pinned version the way `stacks install` does (same registry, integrity, plugin API
 * and trust checks). Only an official version (the index lists this exact version with its
 * integrity) is installed without asking; a community pin, a network failure or a version that
 * is not published ends in E_LOCK with the exact command to run. Integrity failures keep their code.
 */
export async function installPin(pin: MissingPin, ctx: InstallContext): Promise<InstallResult> {
  const spec = resolveSpec(`${pin.package}@${pin.version}`, ctx.index);
  const command = pinInstallCommand(pin, !officialVersion(spec, pin.version));
  const where = `${LOCK_FILE} pins ${pin.stack}@${pin.version} (${pin.package}) for service ${servicesText(pin)}, which is not installed`;
  if (!officialVersion(spec, pin.version)) {
    throw new DockstackError('E_LOCK', `${where}; it is not an official stack version, so it is not installed without your review`, {
      file: LOCK_FILE,
      hint: `Review the package, then install it: ${command}`,
      data: { package: pin.package, version: pin.version, install: command },
    });
  }
  try {
    return await installStack(`${pin.package}@${pin.version}`, { ...ctx, trust: false });
  } catch (error) {
    if (!(error instanceof DockstackError) || !['E_REGISTRY', 'E_STACK_NOT_FOUND'].includes(error.code)) throw error;
    throw new DockstackError('E_LOCK', `${where}, and installing it failed: ${error.message}`, {
      file: LOCK_FILE,
      hint: `When the registry is reachable, run: ${command}`,
      cause: error,
      data: { package: pin.package, version: pin.version, install: command },
    });
  }
}
