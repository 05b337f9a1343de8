// Minimal typings for npm's own config loader (it ships none).
declare module '@npmcli/config' {
  interface ConfigOptions {
    definitions: unknown;
    shorthands: unknown;
    flatten: unknown;
    nerfDarts?: string[];
    npmPath: string;
    env?: NodeJS.ProcessEnv;
    argv?: string[];
    platform?: string;
    execPath?: string;
    cwd?: string;
    warn?: boolean;
  }
  export default class Config {
    constructor(options: ConfigOptions);
    load(): Promise<void>;
    get(key: string, where?: string): unknown;
    readonly flat: Record<string, unknown>;
  }
}

declare module '@npmcli/config/lib/definitions/index.js' {
  const defs: { definitions: unknown; shorthands: unknown; flatten: unknown; nerfDarts: string[] };
  export default defs;
}
