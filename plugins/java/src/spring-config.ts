import type { ProjectView } from '@dockstack/plugin-api';

/** The resources directories Spring Boot reads application.properties/yml from, for one module. */
function configFiles(moduleDir: string): string[] {
  const base = `${moduleDir === '' ? '' : `${moduleDir}/`}src/main/resources/`;
  return ['application.properties', 'application.yml', 'application.yaml'].map((f) => base + f);
}

/** `server.port` (or its `${PORT:8080}` default) from properties text. */
export function propertiesPort(text: string): string | undefined {
  return /^\s*server\.port\s*[=:]\s*(.+?)\s*$/m.exec(text)?.[1];
}

/** `server:` -> `port:` from YAML text (block style, the common case). */
export function yamlPort(text: string): string | undefined {
  const lines = text.split(/\r?\n/);
  let inServer = false;
  for (const line of lines) {
    if (/^server:\s*(#.*)?$/.test(line)) {
      inServer = true;
      continue;
    }
    if (inServer && /^\S/.test(line)) inServer = false;
    const m = inServer ? /^\s+port:\s*["']?([^"'#\s]+)["']?/.exec(line) : null;
    if (m) return m[1];
  }
  return /^server\.port:\s*["']?([^"'#\s]+)/m.exec(text)?.[1];
}

/** A port number from a literal or a `${PORT:8081}` placeholder. */
export function portNumber(value: string): number | undefined {
  const m = /^(\d{1,5})$/.exec(value) ?? /^\$\{[\w.]+:(\d{1,5})\}$/.exec(value);
  const n = m ? Number(m[1]) : NaN;
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** The configured server port and the file that says it, or undefined. */
export async function springPort(p: ProjectView, moduleDir: string): Promise<{ file: string; raw: string; port?: number } | undefined> {
  for (const file of configFiles(moduleDir)) {
    const text = await p.readText(file);
    if (text === undefined) continue;
    const raw = file.endsWith('.properties') ? propertiesPort(text) : yamlPort(text);
    if (raw !== undefined) {
      const port = portNumber(raw);
      return port === undefined ? { file, raw } : { file, raw, port };
    }
  }
  return undefined;
}

/** `management.server.port` set anywhere in the config (the actuator then answers on another port). */
export async function managementPort(p: ProjectView, moduleDir: string): Promise<string | undefined> {
  for (const file of configFiles(moduleDir)) {
    const text = await p.readText(file);
    const m =
      text === undefined ? null : /management\.server\.port\s*[=:]\s*(\S+)|management:\s*\n\s+server:\s*\n\s+port:\s*(\S+)/.exec(text);
    if (m) return `${file}: ${m[1] ?? m[2] ?? ''}`;
  }
  return undefined;
}
