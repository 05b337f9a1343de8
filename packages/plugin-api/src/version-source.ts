import { propose, type Findings } from './findings.js';
import type { ProjectView } from './index.js';
import { releaseLine } from './range.js';

/** A runtime version a project asks for, resolved to an image version. */
export interface ResolvedVersion {
  /** The image version, e.g. `3.13`. */
  version: string;
  /** Why this text became this version (the reason `init` shows). */
  how: string;
  /** Things worth saying about it (end of life, a pin relaxed to its line). */
  notes?: string[];
}

/** One place a project may state the version: the file, what it says, and how to resolve that. */
export interface VersionSource<R extends ResolvedVersion> {
  file: string;
  says: string;
  resolve: () => R | undefined;
}

/**
 * Tries `sources` in order (falsy entries are places the project did not use): each is recorded as
 * evidence; one that does not resolve gets the note `<file>: "<says>" <unusable>`; the first that
 * resolves is proposed for `option`, its notes added, and returned. When none resolves, `option`'s
 * reason becomes `fallback` (the stack's default stays) and the answer is undefined.
 */
export function proposeVersion<R extends ResolvedVersion>(
  f: Findings,
  option: string,
  sources: ReadonlyArray<VersionSource<R> | false | undefined>,
  unusable: string,
  fallback: string,
): R | undefined {
  for (const source of sources) {
    if (!source) continue;
    f.reasons.push({ file: source.file, says: source.says });
    const resolved = source.resolve();
    if (resolved === undefined) {
      f.notes.push(`${source.file}: "${source.says}" ${unusable}`);
      continue;
    }
    propose(f, option, resolved.version, resolved.how);
    f.notes.push(...(resolved.notes ?? []));
    return resolved;
  }
  f.why[option] = fallback;
  return undefined;
}

/** The version asdf/mise's `.tool-versions` gives `tool` (a line `ruby 3.3.5` -> `3.3.5`), when it names one. */
export async function toolVersion(p: ProjectView, tool: string): Promise<string | undefined> {
  const text = (await p.readText('.tool-versions')) ?? '';
  return new RegExp(`^${tool.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+(\\S+)`, 'm').exec(text)?.[1];
}

/** A version a stack's own reader chose: the version (undefined keeps the default), its file, why, and a note. */
export interface VersionChoice {
  version?: string;
  file?: string;
  why: string;
  note?: string;
}

/** Proposes `option` from a {@link VersionChoice} (or, when the default stays, only gives its reason) and adds its note. */
export function proposeChoice(f: Findings, option: string, choice: VersionChoice): void {
  if (choice.version !== undefined) propose(f, option, choice.version, choice.why);
  else f.why[option] = choice.why;
  if (choice.note !== undefined) f.notes.push(choice.note);
}

/**
 * The note for a release line past its end of life, as a list (empty when it is maintained).
 * `endOfLife` maps a line (`3.8`) to the month it ended (`October 2024`).
 */
export function endOfLifeNotes(runtime: string, line: string, endOfLife: Readonly<Record<string, string>>): string[] {
  const eol = endOfLife[line];
  return eol
    ? [`${runtime} ${line} reached its end of life in ${eol}: no security fixes, and its images are no longer rebuilt; plan an upgrade`]
    : [];
}

/**
 * When the release line of `version` is one of `lines`, whose official images were never published
 * for trixie (the line ended before it), proposes `debianRelease` = bookworm with that reason.
 */
export function proposeBookwormFor(f: Findings, runtime: string, version: string | undefined, lines: ReadonlySet<string>): void {
  const line = version === undefined ? undefined : releaseLine(version);
  if (line !== undefined && lines.has(line))
    propose(f, 'debianRelease', 'bookworm', `${runtime} ${line} images were never published for trixie`);
}

/**
 * The reason for the release `line` a version file gives (`.ruby-version: the 3.3 line`). When the file
 * pins a `patch` release, the image follows the line anyway, so it gets security fixes: the reason says
 * so, quoting what was `written`, and how to pin through `option`. Without a `file`, the reason starts at the quote.
 */
export function lineReason(file: string | undefined, written: string, line: string, option: string, patch?: string): string {
  if (patch === undefined) return `${file === undefined ? '' : `${file}: `}the ${line} line`;
  const said = `${file === undefined ? '' : `${file} `}"${written}"`;
  return `${said} pins a patch release; the image follows the ${line} line so it gets security fixes (set ${option}=${line}.${patch} to pin)`;
}
