import { evidence, portIn, type Findings, type ServerFacts } from '@dockstack/plugin-api';

/** Listeners a script starts, each with the pattern that finds its port. */
const LISTENERS: ReadonlyArray<{ name: string; test: RegExp; port: RegExp }> = [
  { name: 'socat TCP-LISTEN', test: /\bsocat\b[^\n]*TCP[46]?-LISTEN:/i, port: /TCP[46]?-LISTEN:(\d{2,5})\b/i },
  { name: 'nc -l', test: /\b(nc|netcat)\b[^\n]*\s-[a-z]*l/, port: /\b(?:nc|netcat)\b[^\n]*?(?:-p\s*|\s)(\d{2,5})\b/ },
  { name: 'busybox httpd', test: /\bbusybox\s+httpd\b/, port: /\bhttpd\b[^\n]*-p\s*(?:[0-9.]+:)?(\d{2,5})\b/ },
  { name: 'python3 -m http.server', test: /\bpython3?\s+-m\s+http\.server\b/, port: /http\.server\s+(\d{2,5})\b/ },
];

const PORT_DEFAULT = /\$\{PORT:?-(\d{2,5})\}/;

/** Whether the script is a server, and its port: `${PORT:-N}` first, else the listener's literal port. */
export function serverFacts(script: { path: string; text: string }, f: Findings): ServerFacts {
  const listener = LISTENERS.find((l) => l.test.test(script.text));
  const usesPort = /\$\{?PORT\b/.test(script.text);
  if (listener === undefined && !usesPort)
    return { server: false, why: `${script.path} starts no listener and reads no PORT: a run-to-completion job` };
  const parts: string[] = [];
  if (listener !== undefined) {
    evidence(f, script.path, `starts a listener (${listener.name})`);
    parts.push(`${script.path} starts ${listener.name}`);
  }
  const fallback = portIn(script.text, [PORT_DEFAULT]);
  if (fallback !== undefined) evidence(f, script.path, `listens on \${PORT:-${fallback}}`);
  const port = fallback ?? (listener === undefined ? undefined : portIn(script.text, [listener.port]));
  if (usesPort && listener === undefined) parts.push(`${script.path} reads PORT`);
  return { server: true, ...(port === undefined ? {} : { port }), why: parts.join('; ') };
}
