import { rmSync } from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { DockstackError, applyWrites, type PlannedWrite } from '@dockstack/core';

/** The lock folder proper-lockfile creates in the project root while a command writes. */
export const PROJECT_LOCK = '.dockstack.lock';

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const EXIT_ON: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** The one transaction of this process: the lock it owns and whether a write is in flight. */
const session = {
  lockDir: undefined as string | undefined,
  owned: false,
  writing: false,
  /** Taking the lock: proper-lockfile may have made the folder before it tells us we own it. */
  acquiring: false,
  pending: undefined as NodeJS.Signals | undefined,
};

/** Ends the process for a signal: the lock we own is removed first (never another process's). */
function endFor(signal: NodeJS.Signals): never {
  if (session.owned && session.lockDir !== undefined) rmSync(session.lockDir, { recursive: true, force: true });
  process.exit(EXIT_ON[signal] ?? 130);
}

/** While a write is in flight a signal waits for it; otherwise it ends the process at once. */
function onSignal(signal: NodeJS.Signals): void {
  if (session.writing || session.acquiring) {
    session.pending ??= signal;
    return;
  }
  endFor(signal);
}

function listen(): void {
  for (const s of SIGNALS) process.on(s, onSignal);
}

function unlisten(): void {
  for (const s of SIGNALS) process.off(s, onSignal);
}

/**
 * Takes the lock a command that writes holds from before it reads the project until it exits:
 * a second dockstack writing the same project waits (up to about 30 s) and then reads the state
 * the first one left, so config, lock and Dockerfile never come from two different runs. The lock
 * is released on exit, on SIGINT/SIGTERM/SIGHUP (after a write in flight finished) and when the
 * command throws; a lock left by a killed process goes stale after 20 s.
 */
export async function acquireProjectLock(root: string): Promise<() => Promise<void>> {
  session.lockDir = path.join(root, PROJECT_LOCK);
  listen();
  let release: () => Promise<void>;
  session.acquiring = true;
  try {
    release = await lockfile.lock(root, {
      lockfilePath: session.lockDir,
      realpath: false,
      stale: 20_000,
      update: 5_000,
      retries: { retries: 300, factor: 1, minTimeout: 100, maxTimeout: 100 },
    });
    session.owned = true;
    session.acquiring = false;
    // A signal that came while the lock was being taken ends the run now, removing the lock.
    const pending = session.pending;
    session.pending = undefined;
    if (pending !== undefined) endFor(pending);
  } catch (error) {
    session.acquiring = false;
    unlisten();
    const pending = session.pending;
    session.pending = undefined;
    if (pending !== undefined) process.exit(EXIT_ON[pending] ?? 130);
    const code = (error as NodeJS.ErrnoException).code;
    throw new DockstackError(
      'E_WRITE',
      code === 'ELOCKED'
        ? `Another dockstack command is writing this project (${PROJECT_LOCK} is held); nothing was written`
        : `Could not take the project lock ${PROJECT_LOCK}: ${(error as Error).message}`,
      {
        file: PROJECT_LOCK,
        hint:
          code === 'ELOCKED'
            ? 'Wait for it to finish and run again; a lock left by a crashed run expires after 20 seconds.'
            : 'Check permissions on the project directory and run again.',
        cause: error,
      },
    );
  }
  return async () => {
    await release().catch(() => undefined);
    session.owned = false;
    unlisten();
  };
}

/**
 * {@link applyWrites} with SIGINT, SIGTERM and SIGHUP held back until the transaction has either
 * finished or rolled back: an interrupt never leaves temporary files or a new Dockerfile beside
 * the old lock and config. A signal that arrived then ends the process (exit 128 + signal number).
 */
export async function applyWritesAtomically(plan: readonly PlannedWrite[]): Promise<string[]> {
  const own = !session.owned;
  if (own) listen();
  session.writing = true;
  try {
    return await applyWrites(plan);
  } finally {
    session.writing = false;
    if (own) unlisten();
    const pending = session.pending;
    session.pending = undefined;
    if (pending !== undefined) endFor(pending);
  }
}
