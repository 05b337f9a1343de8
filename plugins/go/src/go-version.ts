import { compareVersions, type VersionChoice } from '@dockstack/plugin-api';

/**
 * The Go release line the stack defaults to (matches the schema default). Go ships a
 * minor release every February and August; in November 2026 the newest line is 1.27
 * (1.27.3) and the only other supported one is 1.26.
 */
export const DEFAULT_GO = '1.27';
/** Lines that still get security fixes when this stack version was cut. */
export const SUPPORTED_GO = ['1.27', '1.26'];
/**
 * From Go 1.21 on, the `go` line is a minimum the toolchain enforces (and `toolchain`
 * exists). An older line is only a language version, and there are no Debian bookworm
 * golang images that old, so such modules get the default release.
 */
export const OLDEST_HONOURED_MINOR = 21;

interface GoVersion {
  major: number;
  minor: number;
  patch: number;
  /** `rc1`, `beta2`, or empty for a release. */
  pre: string;
}

/** Parses `1.24`, `1.24.5`, `1.25rc1` (no `go` prefix); undefined when it is none of these. */
export function parseGoVersion(text: string): GoVersion | undefined {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?((?:rc|beta)\d+)?$/.exec(text.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0), pre: m[4] ?? '' };
}

function compare(a: GoVersion, b: GoVersion): number {
  const release = compareVersions([a.major, a.minor, a.patch], [b.major, b.minor, b.patch]);
  if (release !== 0 || a.pre === b.pre) return release;
  if (a.pre === '') return 1;
  if (b.pre === '') return -1;
  return a.pre < b.pre ? -1 : 1;
}

/**
 * The golang image version for a module: the newer of its `go` and `toolchain` lines,
 * reduced to its release line so the image tag floats to the newest patch of that line
 * (which satisfies any `go 1.N.x` minimum, since official images set GOTOOLCHAIN=local).
 */
export function chooseGoVersion(file: string, goLine: string | undefined, toolchain: string | undefined): VersionChoice {
  const go = goLine === undefined ? undefined : parseGoVersion(goLine);
  const tc = toolchain === undefined ? undefined : parseGoVersion(toolchain);
  if (go === undefined && tc === undefined) {
    return { why: `${file} has no usable go or toolchain line: the current release line ${DEFAULT_GO}` };
  }
  const useToolchain = tc !== undefined && (go === undefined || compare(tc, go) > 0);
  const pick = (useToolchain ? tc : go) as GoVersion;
  const said = useToolchain ? `toolchain go${toolchain}` : `go ${goLine}`;
  if (pick.major !== 1 || pick.minor < OLDEST_HONOURED_MINOR) {
    return {
      why: `${file} says "${said}", older than Go 1.${OLDEST_HONOURED_MINOR} (a language version, not a minimum): the current release line ${DEFAULT_GO} builds it`,
      note: `${file} says "${said}"; Go 1 compatibility lets ${DEFAULT_GO} build it, but consider raising the go line`,
    };
  }
  const line = `${pick.major}.${pick.minor}`;
  const version = pick.pre !== '' ? `${line}${pick.pre}` : line;
  const also = useToolchain && go !== undefined ? ` (newer than "go ${goLine}")` : '';
  const exact = pick.pre === '' && pick.patch > 0 ? `; the golang:${line} tag carries the newest ${line} patch` : '';
  const choice: VersionChoice = { version, why: `${file} says "${said}"${also}${exact}` };
  const newest = parseGoVersion(DEFAULT_GO) as GoVersion;
  if (pick.pre === '' && !SUPPORTED_GO.includes(line) && compare(pick, newest) < 0) {
    choice.note = `Go ${line} (from ${file}) no longer gets security fixes; supported lines are ${SUPPORTED_GO.join(' and ')}`;
  }
  return choice;
}
