import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DockstackError } from '../errors.js';

/**
 * Installed stacks get no `npm install`: a detector may only use what the tarball
 * bundles (and the `@dockstack/plugin-api` peer). Refuses a package with runtime
 * dependencies that are not bundled.
 */
export async function checkBundledOnly(dir: string, packageName: string): Promise<void> {
  let pkg: { dependencies?: Record<string, string>; bundleDependencies?: unknown; bundledDependencies?: unknown };
  try {
    pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as typeof pkg;
  } catch {
    return; // the loader reports a missing or broken package.json
  }
  const bundled = pkg.bundleDependencies ?? pkg.bundledDependencies;
  const names = Array.isArray(bundled) ? (bundled as string[]) : bundled === true ? Object.keys(pkg.dependencies ?? {}) : [];
  const missing = Object.keys(pkg.dependencies ?? {}).filter((d) => !names.includes(d));
  if (missing.length > 0) {
    throw new DockstackError('E_STACK_INVALID', `${packageName} has runtime dependencies that are not bundled: ${missing.join(', ')}`, {
      hint: 'A stack must bundle what its detector needs (bundleDependencies) or take it from @dockstack/plugin-api as a peer.',
      data: { unbundled: missing },
    });
  }
}
