import semver from 'semver';
import { DockstackError } from './errors.js';
import type { LoadError, LoadedStack } from './loader.js';
import { didYouMean } from './text.js';

/** `node`, `node@^1.2`, `node@1.2.3` -> id and optional range. */
export function parseStackRef(ref: string): { id: string; range?: string } {
  const at = ref.indexOf('@', 1);
  if (at === -1) return { id: ref };
  const id = ref.slice(0, at);
  const range = ref.slice(at + 1);
  if (semver.validRange(range) === null) {
    throw new DockstackError('E_USAGE', `"${range}" in "${ref}" is not a semver range`, {
      hint: 'Write node, node@1, node@^1.2.0 or node@1.2.3.',
    });
  }
  return { id, range };
}

/** The stacks this dockstack can use, with the ones that failed to load. */
export class StackCatalog {
  /** Ids of the stacks bundled with dockstack: reserved, a community stack may not take them over. */
  readonly reserved: ReadonlySet<string>;
  /** Package of each bundled stack id: other versions of that same package (installed from its registry) are no impostors. */
  private readonly bundledPackages: ReadonlyMap<string, string>;

  constructor(
    readonly stacks: readonly LoadedStack[],
    readonly errors: readonly LoadError[] = [],
  ) {
    this.reserved = new Set(stacks.filter((s) => s.origin === 'bundled').map((s) => s.id));
    this.bundledPackages = new Map(stacks.filter((s) => s.origin === 'bundled').map((s) => [s.id, s.packageName]));
  }

  /**
   * False for a stack that is not bundled but claims a bundled stack's id, unless the user named
   * its exact version (`node@9.9.9`): it never silently replaces the official stack. Another
   * version of the bundled stack's own package (an official release installed side by side) is usable.
   */
  usable(stack: LoadedStack, range?: string): boolean {
    if (stack.origin === 'bundled' || !this.reserved.has(stack.id)) return true;
    if (stack.origin === 'installed' && this.bundledPackages.get(stack.id) === stack.packageName) return true;
    return range !== undefined && semver.valid(range) === stack.version;
  }

  /** Stacks refused because they claim a reserved id (for `stacks list` and warnings). */
  impostors(): LoadedStack[] {
    return this.stacks.filter((s) => !this.usable(s));
  }

  ids(): string[] {
    return [...new Set(this.stacks.map((s) => s.id))].sort();
  }

  /** The newest loaded version of each stack. */
  latest(): LoadedStack[] {
    return this.ids().map((id) => this.get(id));
  }

  /** Finds a stack by id and optional range; throws with a did-you-mean when absent. */
  get(ref: string): LoadedStack {
    const { id, range } = parseStackRef(ref);
    const versions = this.stacks.filter((s) => s.id === id && this.usable(s, range)).sort((a, b) => semver.rcompare(a.version, b.version));
    if (versions.length === 0) {
      const broken = this.errors.find((e) => e.dir.endsWith(`/${id}`) || e.error.message.includes(`${id}@`));
      if (broken !== undefined) throw broken.error;
      const guess = didYouMean(id, this.ids());
      throw new DockstackError('E_STACK_NOT_FOUND', `Unknown stack "${id}"`, {
        hint:
          guess !== undefined
            ? `Did you mean "${guess}"? Run "dockstack stacks list" for all stacks.`
            : `Available: ${this.ids().join(', ')}. Run "dockstack stacks search ${id}" to find community stacks.`,
      });
    }
    if (range === undefined) return versions[0] as LoadedStack;
    const match = versions.find((s) => semver.satisfies(s.version, range));
    if (match === undefined) {
      throw new DockstackError('E_STACK_NOT_FOUND', `No installed version of stack "${id}" satisfies ${range}`, {
        hint: `Installed: ${versions.map((s) => s.version).join(', ')}. Install one with "dockstack stacks install ${id}@${range}".`,
        data: { installed: versions.map((s) => s.version), range },
      });
    }
    return match;
  }
}
