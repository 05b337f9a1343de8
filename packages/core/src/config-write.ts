import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Document } from 'yaml';
import { DEFAULT_CONFIG_FILE, servicePath, type LoadedConfig, type ProjectConfig, type ServiceConfig } from './config.js';
import { DockstackError } from './errors.js';
import type { RenderedFile } from './render.js';

const require = createRequire(import.meta.url);
// yaml is loaded on first use: most commands never read YAML, and it is one of the costliest imports at start.
const yaml = (): typeof import('yaml') => require('yaml') as typeof import('yaml');

function indentOf(text: string): string | number {
  const m = /^[ \t]+(?=")/m.exec(text);
  return m?.[0] ?? 2;
}

function jsonText(value: unknown, previous: string | undefined): string {
  const eol = previous === undefined || previous.endsWith('\n') ? '\n' : '';
  return `${JSON.stringify(value, null, previous === undefined ? 2 : indentOf(previous))}${eol}`;
}

/** package.json with only its `dockstack` key replaced; other keys keep their order and values. */
function packageJsonText(previous: string, config: ProjectConfig): string {
  const pkg = JSON.parse(previous) as Record<string, unknown>;
  pkg['dockstack'] = config;
  return jsonText(pkg, previous);
}

function setEntry(doc: Document, i: number, entry: ServiceConfig): void {
  for (const key of ['stack', 'version', 'path', 'name'] as const) {
    const value = entry[key];
    if (value === undefined) {
      if (doc.hasIn(['stacks', i, key])) doc.deleteIn(['stacks', i, key]);
    } else if (doc.getIn(['stacks', i, key]) !== value) doc.setIn(['stacks', i, key], value);
  }
  const options = entry.options ?? {};
  const current = doc.getIn(['stacks', i, 'options']);
  if (!yaml().isMap(current)) {
    if (Object.keys(options).length > 0 || current !== undefined) doc.setIn(['stacks', i, 'options'], options);
    return;
  }
  for (const item of [...current.items]) {
    const key = String((item.key as { value?: unknown } | null)?.value ?? item.key);
    if (!(key in options)) current.delete(key);
  }
  for (const [key, value] of Object.entries(options)) {
    if (!isDeepStrictEqual(doc.getIn(['stacks', i, 'options', key]) as unknown, value)) doc.setIn(['stacks', i, 'options', key], value);
  }
}

/** YAML updated in place, so comments and layout outside the changed values survive. */
function yamlText(previous: string, config: ProjectConfig): string {
  const doc = yaml().parseDocument(previous);
  if (!yaml().isMap(doc.contents)) return new (yaml().Document)(config).toString();
  const stacks = doc.get('stacks');
  if (!yaml().isSeq(stacks)) {
    doc.set('stacks', config.stacks);
    return doc.toString();
  }
  while (stacks.items.length > config.stacks.length) stacks.items.pop();
  config.stacks.forEach((entry, i) => {
    if (i >= stacks.items.length) stacks.add(doc.createNode(entry));
    else setEntry(doc, i, entry);
  });
  return doc.toString();
}

function plain(config: ProjectConfig): ProjectConfig {
  return JSON.parse(JSON.stringify(config)) as ProjectConfig;
}

/**
 * The new text of the config file for `next`, or undefined when nothing changes. Keeps the file
 * the project already has (creating `.dockstackrc.json` otherwise); never rewrites package.json's
 * other keys; refuses to edit a JavaScript/TypeScript config, which is code.
 */
export async function configFileFor(
  root: string,
  loaded: LoadedConfig | undefined,
  next: ProjectConfig,
): Promise<RenderedFile | undefined> {
  if (loaded !== undefined && isDeepStrictEqual(plain(loaded.config), plain(next))) return undefined;
  if (loaded === undefined) return { path: DEFAULT_CONFIG_FILE, content: jsonText(next, undefined) };
  if (loaded.format === 'code') {
    throw new DockstackError('E_CONFIG', `${loaded.rel} is code, so dockstack cannot update it; nothing was changed`, {
      file: loaded.rel,
      pointer: '/stacks',
      hint: `Edit ${loaded.rel} by hand so it exports: ${JSON.stringify(next)}`,
      data: { wanted: next },
    });
  }
  const previous = await readFile(path.join(root, loaded.rel), 'utf8');
  let content: string;
  if (loaded.format === 'package.json') content = packageJsonText(previous, next);
  else if (loaded.format === 'json' || (previous.trim().startsWith('{') && path.extname(loaded.rel) === ''))
    content = jsonText(next, previous.trim() === '' ? undefined : previous);
  else content = previous.trim() === '' ? new (yaml().Document)(next).toString() : yamlText(previous, next);
  return { path: loaded.rel, content };
}

/** Returns a copy of the config with the entry for `entry.path` replaced (or appended). */
export function upsertService(config: ProjectConfig | undefined, entry: ServiceConfig): ProjectConfig {
  const stacks = [...(config?.stacks ?? [])];
  const at = stacks.findIndex((s) => servicePath(s) === servicePath(entry));
  if (at === -1) stacks.push(entry);
  else stacks[at] = entry;
  return { ...(config ?? {}), stacks };
}
