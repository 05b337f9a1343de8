import type { ProjectView } from './index.js';

/** The first of `files` that exists, tried in order (candidate entry points, config file names). */
export async function firstExisting(p: ProjectView, files: readonly string[]): Promise<string | undefined> {
  for (const file of files) if (await p.exists(file)) return file;
  return undefined;
}

/** The first of `files` that can be read, with its text, tried in order. */
export async function firstText(p: ProjectView, files: readonly string[]): Promise<{ file: string; text: string } | undefined> {
  for (const file of files) {
    const text = await p.readText(file);
    if (text !== undefined) return { file, text };
  }
  return undefined;
}

/** Every one of `files` that exists, in order: the optional inputs a build step binds. */
export async function existing(p: ProjectView, files: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const file of files) if (await p.exists(file)) found.push(file);
  return found;
}
