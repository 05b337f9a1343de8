import { dirOf, inDir, type ProjectView } from '@dockstack/plugin-api';
import { namesOf, parseRequirement, projectPath } from './pep508.js';

/** What a requirements file (and the files it includes) asks pip for. */
export interface RequirementsInfo {
  /** Normalized distribution names, plus `name[extra]` for each extra. */
  names: Set<string>;
  /** Files read through `-r` / `-c`, project-relative, excluding the top file. */
  includes: string[];
  /** Local directories or wheel files to install, project-relative (`.` for the project itself). */
  localPaths: string[];
  /** VCS requirements (`git+https://...`): the build stage needs git. */
  vcs: string[];
  /** Index options seen (`--index-url`, `--extra-index-url`). */
  indexes: string[];
  notes: string[];
}

const MAX_FILES = 20;

/** Logical lines: comments removed (a `#` at the start or after whitespace), continuations joined. */
function logicalLines(text: string): string[] {
  const out: string[] = [];
  let pending = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trimEnd();
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1) + ' ';
      continue;
    }
    const full = (pending + line).trim();
    pending = '';
    if (full !== '') out.push(full);
  }
  if (pending.trim() !== '') out.push(pending.trim());
  return out;
}

/** An option line's value: `-r x`, `-rx`, `--requirement x`, `--requirement=x`. */
function optionValue(line: string, short: string | undefined, long: string): string | undefined {
  const forms = [...(short ? [`${short}\\s*`] : []), `${long}(?:\\s+|\\s*=\\s*)`];
  const m = new RegExp(`^(?:${forms.join('|')})(\\S+)`).exec(line);
  return m?.[1];
}

/**
 * Reads `file` and every file it includes, as pip would from the project root: `-r`/`-c` paths are
 * relative to the including file, local requirement paths to the working directory (the root).
 */
export async function readRequirements(p: ProjectView, file: string): Promise<RequirementsInfo> {
  const info: RequirementsInfo = { names: new Set(), includes: [], localPaths: [], vcs: [], indexes: [], notes: [] };
  const queue = [file];
  const seen = new Set<string>();
  while (queue.length > 0 && seen.size < MAX_FILES) {
    const current = queue.shift() as string;
    if (seen.has(current)) continue;
    seen.add(current);
    const text = await p.readText(current);
    if (text === undefined) {
      info.notes.push(`${current} is referenced but could not be read`);
      continue;
    }
    if (current !== file) info.includes.push(current);
    for (const line of logicalLines(text)) readLine(line, current, info, queue);
  }
  return info;
}

function readLine(line: string, current: string, info: RequirementsInfo, queue: string[]): void {
  const include = optionValue(line, '-r', '--requirement') ?? optionValue(line, '-c', '--constraint');
  if (include !== undefined) {
    const target = projectPath(inDir(dirOf(current), include));
    if (target === undefined)
      info.notes.push(`${current} includes ${include}, outside the project: it cannot be part of the build context`);
    else queue.push(target);
    return;
  }
  const index = optionValue(line, '-i', '--index-url') ?? optionValue(line, undefined, '--extra-index-url');
  if (index !== undefined) {
    info.indexes.push(index);
    return;
  }
  const links = optionValue(line, '-f', '--find-links');
  if (links !== undefined) {
    const local = /^[a-z+]+:\/\//.test(links) ? undefined : projectPath(links);
    if (local !== undefined) info.localPaths.push(local);
    return;
  }
  const editable = optionValue(line, '-e', '--editable');
  if (line.startsWith('-') && editable === undefined) return; // --hash, --pre, --no-binary ...
  const spec = (editable ?? line).trim();
  const req = parseRequirement(spec);
  if (req.vcs) info.vcs.push(spec);
  if (req.path !== undefined) {
    const local = projectPath(req.path);
    if (local === undefined) info.notes.push(`${current}: ${spec} points outside the project; it cannot be part of the build context`);
    else info.localPaths.push(local);
  }
  namesOf(req).forEach((n) => info.names.add(n));
}
