import { createRequire } from 'node:module';
import path from 'node:path';
import { GENERATOR_VERSION, StackCatalog, findStackDirs, loadStacks } from '@dockstack/core';

const require = createRequire(import.meta.url);

/** Official stacks shipped with the CLI as dependencies. */
export const BUNDLED_STACKS = ['@dockstack/stack-node', '@dockstack/stack-python', '@dockstack/stack-go', '@dockstack/stack-rust'] as const;

/** The version printed in every generated file's header (core and CLI ship in lockstep). */
export const CLI_VERSION: string = GENERATOR_VERSION;

/**
 * Loads every stack this CLI can use: the bundled ones, then folders listed in
 * DOCKSTACK_STACK_PATH (each either a stack package or a folder of them).
 */
export async function loadCatalog(): Promise<StackCatalog> {
  const dirs: Array<{ dir: string; origin: string }> = [];
  for (const name of BUNDLED_STACKS) dirs.push({ dir: path.dirname(require.resolve(`${name}/package.json`)), origin: 'bundled' });
  for (const entry of (process.env['DOCKSTACK_STACK_PATH'] ?? '').split(path.delimiter).filter(Boolean)) {
    const inner = await findStackDirs(entry);
    const isPackage = await import('node:fs').then((fs) => fs.existsSync(path.join(entry, 'package.json')));
    for (const dir of isPackage ? [entry] : inner) dirs.push({ dir: path.resolve(dir), origin: 'path' });
  }
  const { stacks, errors } = await loadStacks(dirs);
  return new StackCatalog(stacks, errors);
}
