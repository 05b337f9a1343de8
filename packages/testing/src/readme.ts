import { readFile, writeFile } from 'node:fs/promises';
import { optionsTable, type LoadedStack } from '@dockstack/core';

export const TABLE_START = '<!-- options:start (generated from schema.json; do not edit) -->';
export const TABLE_END = '<!-- options:end -->';

/** The README text with its options block replaced by the table generated from the schema. */
export function withOptionsTable(readme: string, stack: LoadedStack): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start === -1 || end === -1 || end < start) throw new Error(`README lacks the options markers ${TABLE_START} ... ${TABLE_END}`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${optionsTable(stack.schema)}${readme.slice(end)}`;
}

/** Rewrites a stack README's options table; returns true when it changed. */
export async function syncReadme(file: string, stack: LoadedStack): Promise<boolean> {
  const before = await readFile(file, 'utf8');
  const after = withOptionsTable(before, stack);
  if (after !== before) await writeFile(file, after);
  return after !== before;
}
