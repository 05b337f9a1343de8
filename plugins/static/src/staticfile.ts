import type { Evidence, ProjectView } from '@dockstack/plugin-api';

/** What a Cloud Foundry `Staticfile` (staticfile buildpack) says: the folder it serves and whether it routes like an SPA. */
export interface Staticfile {
  evidence: Evidence;
  /** `root:` (the folder served), `.` when absent or not a plain relative path. */
  root: string;
  /** `pushstate: enabled`: every unknown path is answered with index.html. */
  pushstate: boolean;
  /** Keys the stack does not carry over (ssi, force_https, basic auth, location_include, ...). */
  ignored: string[];
}

const SAFE_DIR = /^(?!\.\.?(\/|$))[A-Za-z0-9_.][A-Za-z0-9_.-]*(\/(?!\.\.?(\/|$))[A-Za-z0-9_.][A-Za-z0-9_.-]*)*$/;
const HANDLED = new Set(['root', 'pushstate', 'directory']);

/** Reads `Staticfile` at the project root (it may be empty: its presence alone asks for a static site). */
export async function readStaticfile(p: ProjectView): Promise<Staticfile | undefined> {
  const text = await p.readText('Staticfile');
  if (text === undefined) return undefined;
  const entries = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([a-z_]+)\s*:\s*(.*?)\s*$/.exec(line.replace(/#.*$/, ''));
    if (m?.[1] !== undefined) entries.set(m[1], (m[2] ?? '').replace(/^["']|["']$/g, ''));
  }
  const rawRoot = (entries.get('root') ?? '').replace(/^\.\/|\/$/g, '');
  const root = rawRoot !== '' && SAFE_DIR.test(rawRoot) ? rawRoot : '.';
  const pushstate = /^enabled$/i.test(entries.get('pushstate') ?? '');
  const says = ['Cloud Foundry Staticfile: a static site', root === '.' ? 'served from the root' : `root: ${root}`];
  if (pushstate) says.push('pushstate: enabled');
  return {
    evidence: { file: 'Staticfile', says: says.join(', ') },
    root,
    pushstate,
    ignored: [...entries.keys()].filter((k) => !HANDLED.has(k)),
  };
}
