import { constants } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { containedPath, type ContainOptions } from '../contain.js';

/** Largest generated or config file dockstack reads back. */
export const MAX_READ_BYTES = 16 * 1024 * 1024;

/**
 * A regular file's text, or undefined when it is missing, not a regular file (a FIFO or device
 * is never opened: reading one could block forever), unreadable, or larger than `maxBytes`.
 */
export async function readRegularFile(file: string, maxBytes = MAX_READ_BYTES): Promise<string | undefined> {
  try {
    const info = await stat(file);
    if (!info.isFile() || info.size > maxBytes) return undefined;
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** What reading one project file found. */
export type ProjectFileRead =
  { status: 'ok'; text: string } | { status: 'missing' } | { status: 'not-a-file' } | { status: 'too-large'; size: number };

/**
 * Reads `rel` under `root` through the containment check (a path or symlink leading out of the
 * project throws, see {@link containedPath}); never opens a FIFO or device; says why nothing
 * was read instead of calling a huge or odd file "missing".
 */
export async function readProjectFile(
  root: string,
  rel: string,
  options: ContainOptions = {},
  maxBytes = MAX_READ_BYTES,
): Promise<ProjectFileRead> {
  const abs = containedPath(root, rel, { code: 'E_LOCK', what: 'File', ...options });
  let info;
  try {
    info = await stat(abs);
  } catch {
    return { status: 'missing' };
  }
  if (!info.isFile()) return { status: 'not-a-file' };
  if (info.size > maxBytes) return { status: 'too-large', size: info.size };
  const handle = await open(abs, constants.O_RDONLY | constants.O_NONBLOCK).catch(() => undefined);
  if (handle === undefined) return { status: 'missing' };
  try {
    const again = await handle.stat();
    if (!again.isFile()) return { status: 'not-a-file' };
    if (again.size > maxBytes) return { status: 'too-large', size: again.size };
    return { status: 'ok', text: await handle.readFile({ encoding: 'utf8' }) };
  } finally {
    await handle.close();
  }
}
