import { type Findings, firstText, inDir, portIn, type ProjectView, propose } from '@dockstack/plugin-api';

const CONFIGS = ['src/main/resources/application.conf', 'src/main/resources/application.yaml', 'src/main/resources/application.yml'];

/**
 * Ktor's configuration-driven server (`EngineMain`) takes its port from `ktor.deployment.port` in
 * application.conf (HOCON) or application.yaml; `port = ${?PORT}` (HOCON) or `port: "$PORT:8080"`
 * (YAML) lets the platform's `PORT` override it. Proposes that port and notes a config that ignores `PORT`.
 */
export async function ktorConfigPort(p: ProjectView, moduleDir: string, deps: readonly string[], d: Findings): Promise<void> {
  if (!deps.some((x) => x.startsWith('io.ktor:ktor-server-'))) return;
  const found = await firstText(
    p,
    CONFIGS.map((f) => inDir(moduleDir, f)),
  );
  if (found === undefined) return;
  const yaml = !found.file.endsWith('.conf');
  // The port is read from `deployment` on (`ktor.deployment.port`, or the block), not a database's `port` before it.
  const at = found.text.search(/\bdeployment\b/);
  if (at === -1) return;
  const port = portIn(found.text.slice(at), [yaml ? /\bport:\s*["']?(?:\$\{?PORT\}?:)?(\d{2,5})\b/ : /\bport\s*[=:]\s*(\d{2,5})\b/]);
  if (port === undefined) return;
  if (d.options['port'] === undefined) propose(d, 'port', port, `${found.file} sets Ktor's deployment port ${port}`);
  const readsEnv = yaml ? /\$\{?PORT\b/.test(found.text) : /\$\{\??PORT\}/.test(found.text);
  if (!readsEnv)
    d.notes.push(
      `${found.file} fixes Ktor's port at ${port} and never reads PORT: a platform that sets PORT will not reach the app; add ${yaml ? '`port: "$PORT:' + port + '"`' : '`port = ${?PORT}` after `port = ' + port + '`'}`,
    );
}
