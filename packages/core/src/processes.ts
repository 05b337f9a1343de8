import path from 'node:path';
import type { ProcessProposal } from '@dockstack/plugin-api';
import { readProjectFile } from './project/read-file.js';
import { hasControlChars } from './text.js';

/** A process name as the config schema takes it (also the compose service suffix). */
export const PROCESS_NAME = /^[a-z][a-z0-9-]{0,30}$/;

/** A command line the config takes: 1-1000 characters, no control characters. */
function validCommand(command: unknown): command is string {
  return typeof command === 'string' && command.trim() !== '' && command.length <= 1000 && !hasControlChars(command);
}

/** Largest Procfile read: a Procfile is a few lines. */
const PROCFILE_BYTES = 64 * 1024;

/**
 * The processes of a Procfile (`name: command` lines) other than `web`, which is the image's own
 * command, and `release`, a one-off step run before a release starts, not a long-running process.
 * Names are lowercased with `_` as `-`; a line whose name still breaks {@link PROCESS_NAME}, or
 * whose command is empty or has control characters, is skipped.
 */
export function parseProcfile(text: string): ProcessProposal[] {
  const found: ProcessProposal[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /^([A-Za-z0-9_-]+):\s*(.*\S)\s*$/.exec(line);
    if (m === null) return;
    const name = (m[1] ?? '').toLowerCase().replace(/_/g, '-');
    const command = m[2] ?? '';
    if (name === 'web' || name === 'release' || !PROCESS_NAME.test(name) || !validCommand(command)) return;
    const at = found.findIndex((p) => p.name === name);
    const entry = { name, command, why: `Procfile line ${i + 1}` };
    if (at >= 0) found[at] = entry;
    else found.push(entry);
  });
  return found;
}

/**
 * The processes `init` seeds into a new config entry: the detector's proposals (checked the way the
 * config schema checks them: a detector is untrusted input) overridden by name by the service's
 * Procfile, which is the project's own declaration. Undefined when there are none.
 */
export async function seedProcesses(
  root: string,
  servicePath: string,
  detected: readonly unknown[] | undefined,
): Promise<Record<string, string> | undefined> {
  const out: Record<string, string> = {};
  for (const p of detected ?? []) {
    const { name, command } = (p ?? {}) as Partial<ProcessProposal>;
    if (typeof name === 'string' && PROCESS_NAME.test(name) && validCommand(command)) out[name] = command;
  }
  // A Procfile that leads out of the project (a symlink) is not read, and not needed: seeding goes on without it.
  const read = await readProjectFile(
    root,
    path.posix.join(servicePath, 'Procfile'),
    { code: 'E_CONFIG', what: 'Procfile' },
    PROCFILE_BYTES,
  ).catch(() => undefined);
  if (read?.status === 'ok') for (const p of parseProcfile(read.text)) out[p.name] = p.command;
  return Object.keys(out).length === 0 ? undefined : out;
}
