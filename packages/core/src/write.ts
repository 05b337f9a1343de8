import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { containedPath } from './contain.js';
import { DockstackError } from './errors.js';
import type { RenderedFile } from './render.js';

/** What writing one file would do. */
export interface PlannedWrite {
  /** Path relative to the project root. */
  path: string;
  abs: string;
  content: string;
  status: 'create' | 'unchanged' | 'overwrite';
  /** The file's current text, when it exists. */
  existing?: string;
  /** Unified diff from the current text, when it differs. */
  diff?: string;
  /** The existing file's permission bits, kept when it is overwritten. */
  mode?: number;
}

/** The file-system calls writing needs; tests swap in a failing one to simulate a full disk. */
export interface WriteIO {
  writeFile(file: string, data: string, options: { flag: string; mode?: number }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(file: string, options: { force: boolean }): Promise<void>;
}

export const nodeIO: WriteIO = {
  writeFile: (file, data, options) => nodeFs.writeFile(file, data, options),
  rename: (from, to) => nodeFs.rename(from, to),
  rm: (file, options) => nodeFs.rm(file, options),
};

/** Compares rendered files with what is on disk. Reads only. */
export async function planWrites(root: string, files: readonly RenderedFile[]): Promise<PlannedWrite[]> {
  const plan: PlannedWrite[] = [];
  for (const file of files) {
    const abs = containedPath(root, file.path, { code: 'E_WRITE', what: 'Output file', file: file.path });
    let existing: string | undefined;
    let mode: number | undefined;
    try {
      // Never open what is not a regular file (a FIFO named Dockerfile would block forever).
      const info = await nodeFs.lstat(abs);
      if (!info.isFile()) {
        throw new DockstackError('E_WRITE', `${file.path} exists but is not a regular file; nothing was written`, {
          file: file.path,
          hint: `Move ${file.path} out of the way and run again.`,
        });
      }
      mode = info.mode & 0o7777;
      existing = await nodeFs.readFile(abs, 'utf8');
    } catch (error) {
      if (error instanceof DockstackError) throw error;
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new DockstackError('E_WRITE', `Cannot read ${file.path}: ${(error as Error).message}`, { file: file.path, cause: error });
      }
    }
    if (existing === undefined) plan.push({ path: file.path, abs, content: file.content, status: 'create' });
    else if (existing === file.content) plan.push({ path: file.path, abs, content: file.content, status: 'unchanged', existing });
    else {
      const diff = createTwoFilesPatch(`a/${file.path}`, `b/${file.path}`, existing, file.content, 'current', 'generated');
      plan.push({
        path: file.path,
        abs,
        content: file.content,
        status: 'overwrite',
        existing,
        diff,
        ...(mode === undefined ? {} : { mode }),
      });
    }
  }
  return plan;
}

function explain(error: unknown, file: string): DockstackError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
      ? 'the directory is not writable'
      : code === 'ENOSPC'
        ? 'the disk is full'
        : ((error as Error).message ?? String(error));
  return new DockstackError('E_WRITE', `Could not write ${file}: ${reason}. Nothing was changed.`, {
    file,
    hint:
      code === 'ENOSPC' ? 'Free some disk space and run the command again.' : 'Check permissions on the project directory and run again.',
    cause: error,
  });
}

/**
 * Writes every planned file or none: each goes to a temporary file beside its target
 * first, and only when all are written are they renamed into place. If a rename fails,
 * the files already replaced are restored from their previous text.
 */
export async function applyWrites(plan: readonly PlannedWrite[], io: WriteIO = nodeIO): Promise<string[]> {
  const todo = plan.filter((p) => p.status !== 'unchanged');
  const temps: Array<{ item: PlannedWrite; temp: string }> = [];
  try {
    for (const item of todo) {
      await nodeFs.mkdir(path.dirname(item.abs), { recursive: true }).catch(() => undefined);
      const temp = path.join(path.dirname(item.abs), `.${path.basename(item.abs)}.dockstack-${randomBytes(4).toString('hex')}.tmp`);
      temps.push({ item, temp });
      await io.writeFile(temp, item.content, { flag: 'wx', mode: item.mode ?? 0o644 });
      // the umask may have narrowed the mode at creation; an overwrite keeps the file's own bits
      if (item.mode !== undefined) await nodeFs.chmod(temp, item.mode).catch(() => undefined);
    }
  } catch (error) {
    await Promise.all(temps.map(({ temp }) => io.rm(temp, { force: true }).catch(() => undefined)));
    throw explain(error, temps[temps.length - 1]?.item.path ?? '?');
  }
  const done: PlannedWrite[] = [];
  try {
    for (const { item, temp } of temps) {
      await io.rename(temp, item.abs);
      done.push(item);
    }
  } catch (error) {
    for (const item of done.reverse()) {
      if (item.existing === undefined) await io.rm(item.abs, { force: true }).catch(() => undefined);
      else await nodeFs.writeFile(item.abs, item.existing).catch(() => undefined);
    }
    await Promise.all(temps.map(({ temp }) => io.rm(temp, { force: true }).catch(() => undefined)));
    throw explain(error, temps[done.length]?.item.path ?? '?');
  }
  return todo.map((t) => t.path);
}
