import { closest, distance } from 'fastest-levenshtein';

/** Characters that could end a Dockerfile line or smuggle terminal control sequences. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;

/** True when the string holds a newline or another control character. */
export function hasControlChars(value: string): boolean {
  return CONTROL.test(value);
}

/** Printable form of a value for error messages: JSON, cut to 80 characters. */
export function showValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The closest candidate when it is near enough to be a plausible typo. */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(input, [...candidates]);
  const limit = Math.max(2, Math.floor(best.length / 3));
  return distance(input, best) <= limit ? best : undefined;
}

// C0 controls except tab and newline, DEL, C1 controls (0x80-0x9f: 8-bit CSI/OSC), and the line separators.
// eslint-disable-next-line no-control-regex
const TERMINAL_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * Text safe to print on a terminal: every control character that could start an ESC / CSI / OSC
 * sequence (clear the screen, rewrite the title, hide text, forge a hyperlink) is shown as a
 * visible `\xNN` / `\uNNNN` escape instead. Tabs and newlines are kept.
 */
export function terminalSafe(text: string): string {
  return text.replace(TERMINAL_UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
