import { terminalSafe } from '@dockstack/core';
import picocolors from 'picocolors';

type Paint = (text: string) => string;

/** Colours and symbols for one output stream, decided once per run. */
export interface Style {
  /** A person is reading (a terminal, not a pipe or a log): symbols and spinners are shown. */
  rich: boolean;
  /** ANSI colours are written (FORCE_COLOR, else a terminal without NO_COLOR). */
  colour: boolean;
  bold: Paint;
  dim: Paint;
  green: Paint;
  yellow: Paint;
  red: Paint;
  cyan: Paint;
  /** `✔ ` and friends in a terminal, nothing elsewhere (so logs and pipes keep their text). */
  ok: string;
  warn: string;
  fail: string;
  info: string;
  /** Project-originated text made safe for the terminal before any colour is added around it. */
  safe: (text: string) => string;
}

type Stream = { isTTY?: boolean };

/**
 * Colour policy (https://no-color.org, https://force-color.org): a non-empty FORCE_COLOR other
 * than 0/false turns colour on (even into a pipe), FORCE_COLOR=0 or a non-empty NO_COLOR turns
 * it off, otherwise colour follows whether the stream is a terminal (and TERM is not dumb).
 */
export function colourWanted(stream: Stream, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

/** True when the stream is a terminal a person reads (not a pipe, a file, or TERM=dumb). */
export function richWanted(stream: Stream, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

/** The style of a stream (stdout by default); `plain` (for --json) turns everything off. */
export function styleFor(stream: Stream = process.stdout, options: { plain?: boolean; env?: NodeJS.ProcessEnv } = {}): Style {
  const env = options.env ?? process.env;
  const rich = !options.plain && richWanted(stream, env);
  const colour = !options.plain && colourWanted(stream, env);
  const c = picocolors.createColors(colour);
  const symbol = (glyph: string, paint: Paint): string => (rich ? `${paint(glyph)} ` : '');
  return {
    rich,
    colour,
    bold: c.bold,
    dim: c.dim,
    green: c.green,
    yellow: c.yellow,
    red: c.red,
    cyan: c.cyan,
    ok: symbol('✔', c.green),
    warn: symbol('⚠', c.yellow),
    fail: symbol('✖', c.red),
    info: symbol('ℹ', c.cyan),
    safe: terminalSafe,
  };
}

/** Where text goes: lines already made terminal-safe (project text through `style.safe`), then styled. */
export interface Printer {
  style: Style;
  line: (text: string) => void;
}

/** Lines to stdout, styled for stdout (`plain` for --json runs). */
export function stdoutPrinter(plain = false): Printer {
  return { style: styleFor(process.stdout, { plain }), line: (text) => void process.stdout.write(`${text}\n`) };
}
