import { statSync } from 'node:fs';
import path from 'node:path';
import { Command, Flags } from '@oclif/core';
import { DockstackError, didYouMean, exitCodeFor, terminalSafe } from '@dockstack/core';
import { acquireProjectLock } from './transaction.js';

/** Flags shared by commands that act on a project. */
export const projectFlags = {
  cwd: Flags.string({ description: 'Project directory to work in.', default: '.' }),
  json: Flags.boolean({ description: 'Print one JSON document (stable shape, see README) instead of text.', default: false }),
};

/** `--no-config-code`: never import a JavaScript/TypeScript config (E_CONFIG instead). */
export const configCodeFlag = Flags.boolean({
  description: 'Import a dockstack.config.{js,mjs,ts} config (code). --no-config-code refuses it, for untrusted checkouts.',
  allowNo: true,
  default: true,
});

/** The absolute project directory, or a usage error when it is not a directory. */
export function resolveCwd(cwd: string): string {
  const abs = path.resolve(cwd);
  let isDir: boolean;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir)
    throw new DockstackError('E_USAGE', `Project directory ${abs} does not exist or is not a directory`, {
      hint: 'Pass an existing folder with --cwd.',
    });
  return abs;
}

/** Common error handling: one line of error, one line of hint, a documented exit code. */
export abstract class BaseCommand extends Command {
  protected jsonOutput = false;

  /** Commands that write the project (init, add, upgrade) hold the project lock for their whole run. */
  static writesProject = false;

  private releaseLock: (() => Promise<void>) | undefined;

  override async init(): Promise<void> {
    await super.init();
    const ctor = this.constructor as typeof BaseCommand;
    if (!ctor.writesProject) return;
    const { flags } = (await this.parse(ctor as never)) as { flags: Record<string, unknown> };
    this.jsonOutput = flags['json'] === true;
    if (flags['dry-run'] === true || flags['stdout'] === true) return;
    this.releaseLock = await acquireProjectLock(resolveCwd(typeof flags['cwd'] === 'string' ? flags['cwd'] : '.'));
  }

  override async finally(error: Error | undefined): Promise<void> {
    await this.releaseLock?.().catch(() => undefined);
    this.releaseLock = undefined;
    await super.finally(error);
  }

  /** Every text line goes through {@link terminalSafe}: project files' bytes never reach the terminal raw. */
  override log(message = '', ...args: unknown[]): void {
    super.log(terminalSafe(message), ...args.map((a) => (typeof a === 'string' ? terminalSafe(a) : a)));
  }

  override warn(input: string | Error): string | Error {
    return super.warn(typeof input === 'string' ? terminalSafe(input) : input);
  }

  /** stderr through the same filter. */
  protected stderr(text: string): void {
    process.stderr.write(terminalSafe(text));
  }

  protected printJson(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** True when a person can answer prompts. */
  protected interactive(yes: boolean): boolean {
    return !yes && process.stdin.isTTY === true && process.stdout.isTTY === true && !process.env['CI'];
  }

  /** A did-you-mean for a mistyped flag (`--yse` -> `--yes`), else how to see the usage. */
  private usageHint(message: string): string | undefined {
    const unknown = message.match(/Nonexistent flags?: (-{1,2}[\w-]+)/)?.[1];
    if (unknown === undefined)
      return `See: ${this.config.bin} ${this.id?.replace(/:/g, ' ') ?? ''} --help`.replace(/\s+--help$/, ' --help');
    const ctor = this.constructor as typeof Command;
    const names = Object.entries({ ...(ctor.baseFlags ?? {}), ...(ctor.flags ?? {}) }).flatMap(([name, f]) => {
      const flag = f as { allowNo?: boolean; char?: string };
      return [`--${name}`, ...(flag.allowNo ? [`--no-${name}`] : []), ...(flag.char ? [`-${flag.char}`] : [])];
    });
    const best = didYouMean(
      unknown,
      names.filter((n) => n.startsWith('--')),
    );
    return best === undefined ? `Known flags: ${names.filter((n) => n.startsWith('--')).join(', ')}` : `Did you mean ${best}?`;
  }

  override async catch(error: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<void> {
    if (!(error instanceof DockstackError)) {
      // oclif's own parse errors (unknown flag, missing arg) keep their message, exit 2.
      if (error.oclif?.exit !== undefined && error.oclif.exit !== 0 && !(error.message ?? '').startsWith('EEXIT')) {
        // Usage errors happen before the flags are parsed: --json on the command line still asks for JSON.
        const json = this.jsonOutput || (this.argv ?? []).includes('--json');
        const message = error.message
          .split('\n')
          .filter((l) => l.trim() !== '' && !/^See more help/.test(l))
          .map((l) => l.trim())
          .join(' ');
        const hint = this.usageHint(error.message);
        if (json) this.printJson({ ok: false, error: { code: 'E_USAGE', message, ...(hint === undefined ? {} : { hint }) } });
        else this.stderr(`Error: ${error.message}\n${hint === undefined ? '' : `  hint: ${hint}\n`}`);
        process.exitCode = 2;
        return;
      }
      if (error.oclif?.exit !== undefined) throw error;
      if (this.jsonOutput) this.printJson({ ok: false, error: { code: 'E_INTERNAL', message: error.message } });
      else this.stderr(`Error: ${error.stack ?? error.message}\n`);
      process.exitCode = 1;
      return;
    }
    if (this.jsonOutput) {
      this.printJson({ ok: false, error: error.toJSON() });
    } else {
      const d = error.details;
      const where = [d.file, d.pointer].filter(Boolean).join(' at ');
      this.stderr(`Error [${error.code}]: ${error.message}\n`);
      if (where) this.stderr(`  where: ${where}\n`);
      if (d.hint) this.stderr(`  hint: ${d.hint}\n`);
    }
    process.exitCode = exitCodeFor(error);
  }
}
