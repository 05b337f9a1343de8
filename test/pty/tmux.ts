import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { BIN } from '../support/cli.js';

/** True when tmux can be run here (scripts/setup.sh --test installs it). */
export function haveTmux(): boolean {
  return spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
}

const shellWord = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * The built CLI in a real pseudo-terminal: a private tmux server (its own socket), one window of a
 * fixed size, keys sent with send-keys and the screen read with capture-pane. The command's exit
 * code is printed as `[exit N]` when it ends (the pane then stays open until {@link close}).
 */
export class Terminal {
  private readonly socket = `dockstack-pty-${process.pid}-${randomBytes(4).toString('hex')}`;

  constructor(args: string[], options: { cwd: string; env?: Record<string, string>; width?: number; height?: number }) {
    // CI unset (prompts are off under CI), colours off so the screen text is plain, TERM as tmux sets it.
    const env = Object.entries({ FORCE_COLOR: '0', ...options.env })
      .map(([k, v]) => `${k}=${shellWord(v)}`)
      .join(' ');
    const command = `cd ${shellWord(options.cwd)} && env -u CI ${env} ${shellWord(process.execPath)} ${shellWord(BIN)} ${args.map(shellWord).join(' ')}; echo "[exit $?]"; exec sleep 600`;
    this.tmux(
      'new-session',
      '-d',
      '-s',
      'cli',
      '-x',
      String(options.width ?? 120),
      '-y',
      String(options.height ?? 50),
      'sh',
      '-c',
      command,
    );
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }

  /** The visible screen and scroll-back, as plain text (with `colours`, with the SGR escape codes tmux keeps). */
  screen(colours = false): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-500', ...(colours ? ['-e'] : []), '-t', 'cli');
  }

  /** Sends keys (tmux key names such as Enter, Down, C-c, BSpace, or literal text with `literal`). */
  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', 'cli', ...keys);
  }

  /** Types text literally (no key-name lookup). */
  type(text: string): void {
    this.tmux('send-keys', '-t', 'cli', '-l', text);
  }

  /** Polls the screen until it matches, or fails with the screen after `ms`. */
  async waitFor(pattern: RegExp, ms = 15_000): Promise<string> {
    return this.until((text) => pattern.test(text), String(pattern), ms);
  }

  /** Polls the screen (every 50 ms) until `ok` holds for it, or fails with the screen after `ms`. */
  async until(ok: (screen: string) => boolean, what: string, ms = 15_000): Promise<string> {
    const end = Date.now() + ms;
    let text = '';
    while (Date.now() < end) {
      text = this.screen();
      if (ok(text)) return text;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out after ${ms} ms waiting for ${what} on the screen:\n${text}`);
  }

  /** Waits for the command to end and returns its exit code. */
  async exitCode(ms = 20_000): Promise<number> {
    const text = await this.waitFor(/\[exit (\d+)\]/, ms);
    return Number(/\[exit (\d+)\]/.exec(text)?.[1]);
  }

  /** Ends the tmux server and removes its socket file. */
  close(): void {
    const socketPath = spawnSync('tmux', ['-L', this.socket, 'display-message', '-p', '#{socket_path}'], {
      encoding: 'utf8',
    }).stdout.trim();
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
    if (socketPath !== '') rmSync(socketPath, { force: true });
  }
}
