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

/** A task's command line (tasks may be strings or `{ command }` objects). */
export function taskCommand(config: DenoConfig | undefined, name: string): string | undefined {
  const task = config?.tasks?.[name];
  if (typeof task === 'string') return task;
  if (typeof task === 'object' && task !== null && typeof (task as { command?: unknown }).command === 'string')
    return (task as { command: string }).command;
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
