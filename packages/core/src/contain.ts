import { lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { DockstackError, type ErrorCode } from './errors.js';

/**
 * Why a project-relative path is not acceptable as written, or undefined when it is: it must be
 * relative, normalised (no empty, `.` or `..` segment except a lone `.` for the root), and free of
 * NUL and backslashes. The lock schema applies the same rule to its keys (see `RELATIVE_PATH_PATTERN`).
 */
export function relativePathProblem(rel: string): string | undefined {
  if (rel === '') return 'is empty';
  if (rel.includes('\0')) return 'holds a NUL character';
  if (rel.includes('\\')) return 'holds a backslash';
  if (path.posix.isAbsolute(rel) || /^[A-Za-z]:/.test(rel)) return 'is absolute';
  if (rel === '.') return undefined;
  const parts = rel.split('/');
  if (parts.includes('..')) return 'climbs out of the project with ".."';
  if (parts.some((p) => p === '' || p === '.')) return 'is not normalised (empty or "." segment)';
  return undefined;
}

/** JSON Schema pattern equal to {@link relativePathProblem} (for lock keys). */
export const RELATIVE_PATH_PATTERN = '^(?:\\.|(?!\\.\\.?(?:/|$))[^/\\\\\\u0000]+(?:/(?!\\.\\.?(?:/|$))[^/\\\\\\u0000]+)*)$';

export interface ContainOptions {
  /** Error code when the path is refused (E_WRITE for writes, E_LOCK for lock keys, E_CONFIG, E_USAGE…). */
  code?: ErrorCode;
  /** What the path is, for the message: `--path`, `lock key`, `config path`. */
  what?: string;
  file?: string;
  pointer?: string;
  hint?: string;
}

function refuse(rel: string, reason: string, options: ContainOptions): DockstackError {
  const what = options.what ?? 'path';
  return new DockstackError(options.code ?? 'E_WRITE', `${what} "${rel}" ${reason}; nothing was read or written there`, {
    ...(options.file === undefined ? {} : { file: options.file }),
    ...(options.pointer === undefined ? {} : { pointer: options.pointer }),
    hint:
      options.hint ?? 'Use a relative path to a folder or file inside the project, without ".." and without symlinks that lead out of it.',
  });
}

const inside = (real: string, rootReal: string): boolean => real === rootReal || real.startsWith(rootReal + path.sep);

/**
 * The one containment check for every project read and write: `rel` (project-relative, POSIX
 * separators) resolved under `root` component by component. Every existing component is lstat-ed;
 * a symlink is resolved (realpath) and must stay under the real project root, a dangling one is
 * refused. Components that do not exist yet are appended as written (they will be created inside
 * the last existing, checked folder). Returns the absolute path whose parent folders are real
 * (symlink-free) paths; the last component is kept as named (a write replaces it, never follows it).
 * Throws a DockstackError with `options.code` when the path escapes.
 */
export function containedPath(root: string, rel: string, options: ContainOptions = {}): string {
  const problem = relativePathProblem(rel.replace(/\/+$/, '') || '.');
  if (problem !== undefined) throw refuse(rel, problem, options);
  let rootReal: string;
  try {
    rootReal = realpathSync(root);
  } catch (cause) {
    throw new DockstackError(options.code ?? 'E_WRITE', `Project directory ${root} cannot be resolved: ${(cause as Error).message}`, {
      cause,
    });
  }
  const parts = rel.split('/').filter((p) => p !== '' && p !== '.');
  let current = rootReal;
  for (let i = 0; i < parts.length; i += 1) {
    const name = parts[i] as string;
    const next = path.join(current, name);
    let info;
    try {
      info = lstatSync(next);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return path.join(next, ...parts.slice(i + 1));
      throw refuse(rel, `cannot be checked (${(error as NodeJS.ErrnoException).code ?? 'error'})`, options);
    }
    const last = i === parts.length - 1;
    if (info.isSymbolicLink()) {
      let real: string;
      try {
        real = realpathSync(next);
      } catch {
        throw refuse(rel, `goes through a broken or looping symlink (${parts.slice(0, i + 1).join('/')})`, options);
      }
      if (!inside(real, rootReal))
        throw refuse(rel, `goes through a symlink (${parts.slice(0, i + 1).join('/')}) that points outside the project`, options);
      if (last) return next;
      current = real;
    } else {
      if (!last && !info.isDirectory())
        throw refuse(rel, `goes through ${parts.slice(0, i + 1).join('/')}, which is not a folder`, options);
      current = next;
    }
  }
  return current;
}

/** {@link containedPath} for a folder that must already exist (a service folder). */
export function containedDir(root: string, rel: string, options: ContainOptions = {}): string {
  const abs = containedPath(root, rel, options);
  let real: string;
  try {
    real = realpathSync(abs);
  } catch {
    throw refuse(rel, 'does not exist', { ...options, hint: options.hint ?? 'Create the folder first, or fix the path.' });
  }
  try {
    if (!lstatSync(real).isDirectory()) throw new Error('not a folder');
  } catch {
    throw refuse(rel, 'is not a folder', options);
  }
  return real;
}
