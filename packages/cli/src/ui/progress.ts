import type { Spinner as YoctoSpinner } from 'yocto-spinner';
import { styleFor } from './style.js';

/** Steps shorter than this never show a spinner (no flicker for quick work). */
export const SPINNER_DELAY_MS = 300;

/** True when a spinner may be drawn on stderr: a terminal, not CI, not --json, TERM not dumb. */
export function spinnerWanted(json: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env['CI'];
  return (
    !json && process.stderr.isTTY === true && env['TERM'] !== 'dumb' && (ci === undefined || ci === '' || ci === '0' || ci === 'false')
  );
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * A spinner on stderr for one step at a time, drawn only in a terminal and only once the step has
 * lasted {@link SPINNER_DELAY_MS}; elsewhere (CI, pipes, logs, --json) it writes nothing, so
 * text output stays as it was. yocto-spinner is imported only when a step starts in a terminal.
 */
export class Progress {
  private spinner: YoctoSpinner | undefined;
  private timer: NodeJS.Timeout | undefined;
  private text = '';
  private startedAt = 0;
  /** Bumped by every start/stop so a spinner that loads after its step ended is never drawn. */
  private generation = 0;
  private readonly restoreCursor = (): void => {
    if (this.spinner !== undefined) process.stderr.write('\u001B[?25h');
  };

  constructor(private readonly enabled: boolean) {}

  /** Starts a step (ending any step still running, without a mark). */
  start(text: string): void {
    this.stop();
    if (!this.enabled) return;
    this.text = text;
    this.startedAt = Date.now();
    const generation = ++this.generation;
    const loading = import('yocto-spinner');
    this.timer = setTimeout(() => {
      void loading.then(({ default: yoctoSpinner }) => {
        if (generation !== this.generation) return;
        // handleSignals off: Ctrl-C belongs to the command (the project lock ends the run cleanly).
        this.spinner = yoctoSpinner({ text: this.text, stream: process.stderr, handleSignals: false }).start();
        process.once('exit', this.restoreCursor);
      });
    }, SPINNER_DELAY_MS);
  }

  /** Changes the text of the running step. */
  update(text: string): void {
    this.text = text;
    if (this.spinner !== undefined) this.spinner.text = text;
  }

  /** Ends the step with a check mark and its duration, when the spinner was shown. */
  succeed(text?: string): void {
    const spinner = this.end();
    if (spinner !== undefined)
      spinner.success(`${text ?? this.text} ${styleFor(process.stderr).dim(seconds(Date.now() - this.startedAt))}`);
  }

  /** Ends the step with a cross, when the spinner was shown. */
  fail(text?: string): void {
    this.end()?.error(text ?? this.text);
  }

  /** Ends the step and clears its line (before a prompt, or when nothing is worth keeping). */
  stop(): void {
    this.end()?.stop();
  }

  /** Runs one step under the spinner. */
  async step<T>(text: string, work: () => Promise<T>): Promise<T> {
    this.start(text);
    try {
      const result = await work();
      this.succeed();
      return result;
    } catch (error) {
      this.fail();
      throw error;
    }
  }

  private end(): YoctoSpinner | undefined {
    this.generation++;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const spinner = this.spinner;
    this.spinner = undefined;
    if (spinner !== undefined) process.removeListener('exit', this.restoreCursor);
    return spinner;
  }
}
