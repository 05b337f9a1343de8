import { docker } from './docker.js';

/** One path the runtime user must be able to write (create if missing, then write a file in it). */
export interface WritableResult {
  path: string;
  writable: boolean;
  /** What the probe saw: the uid:gid it ran as, or why it could not write. */
  detail: string;
}

// Runs as the image's own USER and WORKDIR: `mkdir -p` then a file created and removed in each
// path, as an app creating its cache at run time would. One line per path: `ok|no <path> <why>`.
const SCRIPT = [
  'who="$(id -u):$(id -g)"',
  'for p in "$@"; do',
  '  t="$p/.dockstack-writable-$$"',
  '  if err=$({ mkdir -p "$p" && : > "$t" && rm -f "$t"; } 2>&1); then echo "ok $p $who"; else echo "no $p $who: $err" | tr "\\n" " "; echo; fi',
  'done',
].join('\n');

/**
 * Proves the image's runtime user can write each path: runs a throwaway container of the image
 * (its USER, its WORKDIR, no network) with `sh` as the entrypoint. An image without a shell cannot
 * be probed this way: every path is then reported as not proven.
 */
export async function checkWritable(tag: string, paths: readonly string[]): Promise<WritableResult[]> {
  if (paths.length === 0) return [];
  const r = await docker(['run', '--rm', '--network=none', '--entrypoint', 'sh', tag, '-c', SCRIPT, 'sh', ...paths], {
    timeoutMs: 120_000,
  });
  const lines = r.stdout.split('\n').filter(Boolean);
  return paths.map((p) => {
    const line = lines.find((l) => l.startsWith(`ok ${p} `) || l.startsWith(`no ${p} `));
    if (line === undefined)
      return { path: p, writable: false, detail: `not probed: exit ${r.code}, stderr ${JSON.stringify(r.stderr.trim().slice(-300))}` };
    return { path: p, writable: line.startsWith('ok '), detail: line.slice(3 + p.length + 1).trim() };
  });
}
