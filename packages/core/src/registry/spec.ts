import { DockstackError } from '../errors.js';
import type { IndexStack, RegistryIndex } from './index-schema.js';
import { findInIndex } from './search.js';

/** Prefix of community stack packages: `dockstack-stack-<id>`. */
export const COMMUNITY_PREFIX = 'dockstack-stack-';

const ID = /^[a-z][a-z0-9-]{1,31}$/;
const PACKAGE = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;

/** What `stacks install <id|package>[@range]` refers to. */
export interface ResolvedSpec {
  /** The npm package to fetch. */
  package: string;
  /** Range or dist-tag after `@`, if any. */
  range?: string;
  /** The index entry for that package, when the index knows it. */
  entry?: IndexStack;
  /** How the package name was found. */
  via: 'index' | 'package' | 'convention';
}

/** Splits `name@range` (scoped names keep their leading `@`). */
export function splitSpec(spec: string): { name: string; range?: string } {
  const at = spec.indexOf('@', 1);
  if (at === -1) return { name: spec };
  const range = spec.slice(at + 1);
  return range === '' ? { name: spec.slice(0, at) } : { name: spec.slice(0, at), range };
}

/**
 * Resolves an install argument: a stack id through the index, else a package name as
 * given (`@scope/x`, `dockstack-stack-x`), else the convention `dockstack-stack-<id>`.
 */
export function resolveSpec(spec: string, index: RegistryIndex): ResolvedSpec {
  const { name, range } = splitSpec(spec.trim());
  const withRange = range === undefined ? {} : { range };
  const entry = findInIndex(index, name);
  if (entry !== undefined) return { package: entry.package, entry, via: entry.id === name ? 'index' : 'package', ...withRange };
  if (name.includes('/') || name.startsWith(COMMUNITY_PREFIX)) {
    if (!PACKAGE.test(name))
      throw new DockstackError('E_USAGE', `"${name}" is not a valid npm package name`, {
        hint: 'Write a stack id (node) or a package (dockstack-stack-node, @scope/name).',
      });
    return { package: name, via: 'package', ...withRange };
  }
  if (!ID.test(name)) {
    throw new DockstackError('E_USAGE', `"${name}" is neither a stack id nor a stack package name`, {
      hint: 'Stack ids match ^[a-z][a-z0-9-]{1,31}$; packages are dockstack-stack-<id> or @scope/<name>.',
    });
  }
  return { package: `${COMMUNITY_PREFIX}${name}`, via: 'convention', ...withRange };
}
