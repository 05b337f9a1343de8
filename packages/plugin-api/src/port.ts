/** Whether a program serves, on which port, and why that was concluded. */
export interface ServerFacts {
  server: boolean;
  port?: number;
  why: string;
}

/** `text` as a TCP port (an integer from 1 to 65535), else undefined. */
export function validPort(text: unknown): number | undefined {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : undefined;
}

/** The first valid port captured (group 1) by `patterns`, tried in order, in `source`; undefined when none. */
export function portIn(source: string | undefined, patterns: readonly RegExp[]): number | undefined {
  for (const re of patterns) {
    const port = source === undefined ? undefined : validPort(re.exec(source)?.[1]);
    if (port !== undefined) return port;
  }
  return undefined;
}

/** The first file (in order) where `patterns` find a valid port (see {@link portIn}), with the port. */
export function firstPort(
  files: ReadonlyArray<{ path: string; text: string }>,
  patterns: readonly RegExp[],
): { path: string; port: number } | undefined {
  for (const file of files) {
    const port = portIn(file.text, patterns);
    if (port !== undefined) return { path: file.path, port };
  }
  return undefined;
}
