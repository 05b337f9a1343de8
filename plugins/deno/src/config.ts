/** The deno.json(c) fields this stack reads. */
export interface DenoConfig {
  name?: unknown;
  license?: unknown;
  tasks?: Record<string, unknown>;
  imports?: Record<string, unknown>;
  workspace?: unknown;
  vendor?: unknown;
  nodeModulesDir?: unknown;
  permissions?: unknown;
}

/** Strips `//` and block comments and trailing commas (JSONC), leaving strings intact. */
export function stripJsonc(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}

function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** Parses deno.json or deno.jsonc text; undefined when it is not an object. */
export function parseConfig(text: string): DenoConfig | undefined {
  try {
    const value: unknown = JSON.parse(stripJsonc(text.replace(/^\uFEFF/, '')));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as DenoConfig) : undefined;
  } catch {
    return undefined;
  }
}

/** A task's command line (tasks may be strings or `{ command }` objects). */
export function taskCommand(config: DenoConfig | undefined, name: string): string | undefined {
  const task = config?.tasks?.[name];
  if (typeof task === 'string') return task;
  if (typeof task === 'object' && task !== null && typeof (task as { command?: unknown }).command === 'string') return (task as { command: string }).command;
  return undefined;
}

/** Every task name and command line. */
export function tasks(config: DenoConfig | undefined): Array<[string, string]> {
  return Object.keys(config?.tasks ?? {}).flatMap((name) => {
    const cmd = taskCommand(config, name);
    return cmd === undefined ? [] : [[name, cmd] as [string, string]];
  });
}

/** Import-map values that need an install: npm:, jsr: and URL specifiers. */
export function remoteImports(config: DenoConfig | undefined): string[] {
  return Object.values(config?.imports ?? {}).filter((v): v is string => typeof v === 'string' && /^(npm:|jsr:|https?:)/.test(v));
}
