import { constants } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ProjectEntry, ProjectView } from '@dockstack/plugin-api';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import JSON5 from 'json5';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { compareText } from './collate.js';

/** Limits that keep detection bounded on any project, however large or hostile. */
export interface ProjectBudget {
  /** Files that may be read in full. */
  maxFiles: number;
  /** Largest single file read, in bytes. */
  maxFileBytes: number;
  /** Directory entries that may be listed in total. */
  maxEntries: number;
  /** Wall-clock budget in milliseconds, counted from the view's creation. */
  timeoutMs: number;
}

export const DEFAULT_BUDGET: ProjectBudget = {
  maxFiles: 256,
  maxFileBytes: 1024 * 1024,
  maxEntries: 20_000,
  timeoutMs: 3_000,
};

/** Counters a caller can show or assert on. */
export interface ProjectStats {
  filesRead: number;
  bytesRead: number;
  entriesListed: number;
  /** Reasons some reads were refused (budget, escape, too large). */
  truncated: string[];
}

export interface BoundedProjectView extends ProjectView {
  readonly root: string;
  readonly stats: ProjectStats;
}

/**
 * A read-only view of `root` that never escapes it (symlinks are resolved and checked),
 * never follows a loop, and stops answering once its budget is spent.
 */
export function createProjectView(root: string, budget: Partial<ProjectBudget> = {}): BoundedProjectView {
  const limits = { ...DEFAULT_BUDGET, ...budget };
  const absRoot = path.resolve(root);
  const deadline = Date.now() + limits.timeoutMs;
  const stats: ProjectStats = { filesRead: 0, bytesRead: 0, entriesListed: 0, truncated: [] };
  let realRoot: Promise<string> | undefined;

  const note = (reason: string): void => {
    if (stats.truncated.length < 50 && !stats.truncated.includes(reason)) stats.truncated.push(reason);
  };

  /** Resolves a project-relative path to an absolute one inside the root, or undefined. */
  async function resolveInside(rel: string): Promise<string | undefined> {
    if (Date.now() > deadline) {
      note('time budget spent');
      return undefined;
    }
    if (path.isAbsolute(rel)) return undefined;
    const abs = path.resolve(absRoot, rel);
    if (abs !== absRoot && !abs.startsWith(absRoot + path.sep)) return undefined;
    try {
      realRoot ??= realpath(absRoot);
      const [real, rootReal] = await Promise.all([realpath(abs), realRoot]);
      if (real !== rootReal && !real.startsWith(rootReal + path.sep)) {
        note(`${rel}: points outside the project`);
        return undefined;
      }
      return real;
    } catch {
      return undefined; // missing, unreadable, or a symlink loop (ELOOP)
    }
  }

  async function readText(rel: string): Promise<string | undefined> {
    const abs = await resolveInside(rel);
    if (abs === undefined) return undefined;
    if (stats.filesRead >= limits.maxFiles) {
      note('file budget spent');
      return undefined;
    }
    let handle;
    try {
      // Stat before opening: opening a FIFO or device named like a manifest would block forever.
      const before = await stat(abs);
      if (!before.isFile()) {
        note(`${rel}: not a regular file, not read`);
        return undefined;
      }
      handle = await open(abs, constants.O_RDONLY | constants.O_NONBLOCK);
      const info = await handle.stat();
      if (!info.isFile()) return undefined;
      if (info.size > limits.maxFileBytes) {
        note(`${rel}: larger than ${limits.maxFileBytes} bytes, not read`);
        return undefined;
      }
      stats.filesRead += 1;
      const text = await handle.readFile({ encoding: 'utf8' });
      stats.bytesRead += Buffer.byteLength(text);
      return text;
    } catch {
      return undefined;
    } finally {
      await handle?.close();
    }
  }

  return {
    root: absRoot,
    stats,
    async exists(rel) {
      const abs = await resolveInside(rel);
      if (abs === undefined) return false;
      try {
        await stat(abs);
        return true;
      } catch {
        return false;
      }
    },
    readText,
    ...structuredReaders(readText),
    async list(dir = '.') {
      const abs = await resolveInside(dir);
      if (abs === undefined) return [];
      try {
        const dirents = await readdir(abs, { withFileTypes: true });
        const room = limits.maxEntries - stats.entriesListed;
        if (room <= 0) {
          note('directory-entry budget spent');
          return [];
        }
        if (dirents.length > room) note(`${dir}: listing cut at the entry budget`);
        const kept = dirents.slice(0, room).sort((a, b) => compareText(a.name, b.name));
        stats.entriesListed += kept.length;
        const base = dir === '.' || dir === '' ? '' : `${dir.replace(/\/+$/, '')}/`;
        return kept.map((d): ProjectEntry => ({
          name: d.name,
          path: `${base}${d.name}`,
          kind: d.isFile() ? 'file' : d.isDirectory() ? 'dir' : d.isSymbolicLink() ? 'symlink' : 'other',
        }));
      } catch {
        return [];
      }
    },
  };
}

/** The ProjectView readers that parse a file's text; each answers undefined for a missing or malformed file. */
export type StructuredReaders = Pick<ProjectView, 'readJson' | 'readJsonc' | 'readJson5' | 'readToml' | 'readYaml' | 'readXml'>;

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
});

/** TOML dates become their text, so detectors see only JSON-like values. */
function plainToml(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plainToml);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainToml(v)]));
  return typeof value === 'bigint' ? Number(value) : value;
}

/** Parsers by format: each returns the value, or throws on text that is not well-formed. */
const PARSERS = {
  json: (text: string): unknown => JSON.parse(text),
  jsonc: (text: string): unknown => {
    const errors: ParseError[] = [];
    const value: unknown = parseJsonc(text.replace(/^\uFEFF/, ''), errors, { allowTrailingComma: true, disallowComments: false });
    if (errors.length > 0) throw new Error('not valid JSONC');
    return value;
  },
  json5: (text: string): unknown => JSON5.parse(text.replace(/^\uFEFF/, '')),
  toml: (text: string): unknown => plainToml(parseToml(text)),
  yaml: (text: string): unknown => parseYaml(text, { maxAliasCount: 100 }),
  xml: (text: string): unknown => {
    if (XMLValidator.validate(text) !== true) throw new Error('not well-formed XML');
    return xml.parse(text);
  },
};

/**
 * readJson, readJsonc, readJson5, readToml, readYaml and readXml over any `readText`: the parsing half of a
 * {@link ProjectView}, shared by the bounded view and test views so every stack parses alike.
 */
export function structuredReaders(readText: (path: string) => Promise<string | undefined>): StructuredReaders {
  const reader =
    (format: keyof typeof PARSERS) =>
    async <T>(rel: string): Promise<T | undefined> => {
      const text = await readText(rel);
      if (text === undefined) return undefined;
      try {
        return (PARSERS[format](text) ?? undefined) as T | undefined;
      } catch {
        return undefined;
      }
    };
  return {
    readJson: reader('json'),
    readJsonc: reader('jsonc'),
    readJson5: reader('json5'),
    readToml: reader('toml'),
    readYaml: reader('yaml'),
    readXml: reader('xml'),
  };
}
