import { readFile, stat } from 'node:fs/promises';

/**
 * A regular file's text, or undefined when it is missing, not a regular file (a FIFO or device
 * is never opened: reading one could block forever), unreadable, or larger than `maxBytes`.
 */
export async function readRegularFile(file: string, maxBytes = 16 * 1024 * 1024): Promise<string | undefined> {
  try {
    const info = await stat(file);
    if (!info.isFile() || info.size > maxBytes) return undefined;
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}
