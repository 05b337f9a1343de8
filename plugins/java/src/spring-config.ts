import { get, validPort, type ProjectView, inDir } from '@dockstack/plugin-api';

/** `server.port` (or its `${PORT:8080}` default) from properties text. */
export function propertiesPort(text: string): string | undefined {
  return /^\s*server\.port\s*[=:]\s*(.+?)\s*$/m.exec(text)?.[1];
}

/** `server.port` (nested or as one key) from a parsed application.yml. */
export function yamlPort(doc: unknown): string | undefined {
  const v = get(doc, 'server', 'port') ?? get(doc, 'server.port');
  return typeof v === 'number' || typeof v === 'string' ? String(v) : undefined;
}

/** A port number from a literal or a `${PORT:8081}` placeholder. */
export function portNumber(value: string): number | undefined {
  return validPort((/^(\d{1,5})$/.exec(value) ?? /^\$\{[\w.]+:(\d{1,5})\}$/.exec(value))?.[1]);
}

/** The server port configured in application.properties, .yml or .yaml (of one module), and the file that says it. */
export async function springPort(p: ProjectView, moduleDir: string): Promise<{ file: string; raw: string; port?: number } | undefined> {
  for (const ext of ['properties', 'yml', 'yaml']) {
    const file = inDir(moduleDir, `src/main/resources/application.${ext}`);
    const raw = ext === 'properties' ? propertiesPort((await p.readText(file)) ?? '') : yamlPort(await p.readYaml(file));
    const port = raw === undefined ? undefined : portNumber(raw);
    if (raw !== undefined) return port === undefined ? { file, raw } : { file, raw, port };
  }
  return undefined;
}
