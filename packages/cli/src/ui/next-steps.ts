import path from 'node:path';
import { dockerfileIn, exposedPorts, serviceName } from '@dockstack/core';

/** What the summary needs of one planned service. */
export interface StepService {
  /** Service folder relative to the project root. */
  path: string;
  /** Its build context when that is not its folder (a workspace root above it). */
  context?: string;
  /** The generated Dockerfile's text (for its EXPOSEd port). */
  dockerfile: string | undefined;
}

const shellWord = (text: string): string => (/^[\w./@:=+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

/**
 * The exact commands to build, run and verify what was generated, for a project at `root` seen
 * from the shell's folder `from`: docker build / docker run for one service at the root, docker
 * compose for several, and dockstack verify for each service.
 */
export function nextSteps(root: string, services: readonly StepService[], hasCompose: boolean, from = process.cwd()): string[] {
  const up = path.relative(from, root).split(path.sep).join('/') || '.';
  // a folder below the shell's is named relatively, any other by its absolute path
  const rel = up.startsWith('..') ? root.split(path.sep).join('/') : up;
  const at = (p: string): string => (rel === '.' ? p : path.posix.join(rel, p));
  const cwdFlag = (p: string): string => (at(p) === '.' ? '' : ` --cwd ${shellWord(at(p))}`);
  const lines: string[] = [];
  const single = services.length === 1 && services[0]?.path === '.' && !hasCompose ? services[0] : undefined;
  if (single !== undefined) {
    const name = serviceName('.', new Set(), path.basename(root));
    const port = exposedPorts(single.dockerfile ?? '')[0];
    lines.push(`docker build -t ${name} ${shellWord(rel)}`);
    lines.push(`docker run --rm${port === undefined ? '' : ` -p ${port}:${port}`} ${name}`);
  } else {
    const file = rel === '.' ? '' : ` -f ${shellWord(at('compose.yaml'))}`;
    lines.push(`docker compose${file} build`, `docker compose${file} up`);
  }
  for (const s of services) {
    if (s.context === undefined || s.context === s.path) lines.push(`dockstack verify${cwdFlag(s.path)}`);
    else lines.push(`dockstack verify${cwdFlag(s.context)} --file ${shellWord(dockerfileIn(s.context, s.path))}`);
  }
  return lines;
}
