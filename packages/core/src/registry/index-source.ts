import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DockstackError } from '../errors.js';
import { readShippedIndex, validateIndex, type RegistryIndex } from './index-schema.js';

/** How to find the index: an optional URL that refreshes the shipped copy, with a cache. */
export interface IndexSourceOptions {
  /** http(s):// or file:// URL of an index; none means the shipped copy. */
  url?: string;
  /** Folder for refreshed copies (e.g. `<cache>/dockstack`). */
  cacheDir: string;
  /** Fetch even when the cached copy is still fresh. */
  refresh?: boolean;
  /** How long a cached copy counts as fresh; default one hour. */
  maxAgeMs?: number;
  /** Network timeout; default 5 s. */
  timeoutMs?: number;
}

/** The index in use and where it came from. */
export interface LoadedIndex {
  index: RegistryIndex;
  source: 'remote' | 'cache' | 'shipped';
  url?: string;
  /** One line to show the user when the URL could not be used (the CLI prints it). */
  warning?: string;
}

interface CacheMeta {
  url: string;
  etag?: string;
}

function cachePaths(cacheDir: string, url: string): { body: string; meta: string } {
  const key = createHash('sha256').update(url).digest('hex').slice(0, 16);
  const dir = path.join(cacheDir, 'index');
  return { body: path.join(dir, `${key}.json`), meta: path.join(dir, `${key}.meta.json`) };
}

async function writeAtomic(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

async function readCached(file: string): Promise<{ index: RegistryIndex; mtimeMs: number } | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    return { index: validateIndex(JSON.parse(text), file), mtimeMs: info.mtimeMs };
  } catch {
    return undefined;
  }
}

type Fetched = { status: 'fresh'; text: string; etag?: string } | { status: 'unchanged' };

async function fetchIndexText(url: string, etag: string | undefined, timeoutMs: number): Promise<Fetched> {
  const parsed = new URL(url);
  if (parsed.protocol === 'file:') return { status: 'fresh', text: await readFile(fileURLToPath(parsed), 'utf8') };
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`unsupported URL scheme ${parsed.protocol}`);
  const response = await fetch(parsed, {
    headers: { accept: 'application/json', ...(etag === undefined ? {} : { 'if-none-match': etag }) },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (response.status === 304) return { status: 'unchanged' };
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const newEtag = response.headers.get('etag') ?? undefined;
  return { status: 'fresh', text: await response.text(), ...(newEtag === undefined ? {} : { etag: newEtag }) };
}

function reasonOf(error: unknown): string {
  if (error instanceof DockstackError) return error.message;
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return 'timed out';
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
}

/**
 * The stack index to use: the shipped copy when no URL is set; otherwise a cached copy
 * while fresh, else a refresh from the URL. When the URL cannot be used the cached copy
 * (or the shipped one) is returned with a one-line `warning`; this never throws for
 * network problems.
 */
export async function loadIndex(options: IndexSourceOptions): Promise<LoadedIndex> {
  const { url } = options;
  if (url === undefined) return { index: readShippedIndex(), source: 'shipped' };
  const files = cachePaths(options.cacheDir, url);
  const cached = await readCached(files.body);
  const maxAge = options.maxAgeMs ?? 3_600_000;
  if (cached !== undefined && options.refresh !== true && Date.now() - cached.mtimeMs < maxAge)
    return { index: cached.index, source: 'cache', url };
  let meta: CacheMeta | undefined;
  try {
    meta = JSON.parse(await readFile(files.meta, 'utf8')) as CacheMeta;
  } catch {
    meta = undefined;
  }
  try {
    const got = await fetchIndexText(url, cached === undefined ? undefined : meta?.etag, options.timeoutMs ?? 5_000);
    if (got.status === 'unchanged' && cached !== undefined) {
      const now = new Date();
      await utimes(files.body, now, now);
      return { index: cached.index, source: 'cache', url };
    }
    if (got.status === 'unchanged') throw new Error('HTTP 304 without a cached copy');
    let data: unknown;
    try {
      data = JSON.parse(got.text);
    } catch {
      throw new Error('the response is not JSON');
    }
    const index = validateIndex(data, url);
    await writeAtomic(files.body, `${JSON.stringify(index, null, 2)}\n`);
    await writeAtomic(
      files.meta,
      `${JSON.stringify({ url, ...(got.etag === undefined ? {} : { etag: got.etag }) } satisfies CacheMeta)}\n`,
    );
    return { index, source: 'remote', url };
  } catch (error) {
    const why = reasonOf(error);
    if (cached !== undefined) {
      const when = new Date(cached.mtimeMs).toISOString().replace(/\.\d+Z$/, 'Z');
      return {
        index: cached.index,
        source: 'cache',
        url,
        warning: `could not refresh the stack index from ${url} (${why}); using the cached copy from ${when}`,
      };
    }
    return {
      index: readShippedIndex(),
      source: 'shipped',
      url,
      warning: `could not refresh the stack index from ${url} (${why}); using the copy shipped with dockstack`,
    };
  }
}
