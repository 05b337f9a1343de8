import type { ProjectView } from '@dockstack/plugin-api';

const DIR = /^(?!\.\.?(\/|$))[A-Za-z0-9_.][A-Za-z0-9_.-]*(\/(?!\.\.?(\/|$))[A-Za-z0-9_.][A-Za-z0-9_.-]*)*$/;

/** Output folders of well-known site generators, keyed by the command that builds. */
const TOOL_DEFAULTS: Array<[RegExp, string | ((m: RegExpExecArray) => string)]> = [
  [
    /\bvitepress build(?:\s+([A-Za-z0-9_./-]+))?/,
    (m) => `${m[1] !== undefined && !m[1].startsWith('-') ? `${m[1].replace(/\/$/, '')}/` : ''}.vitepress/dist`,
  ],
  [/\breact-scripts build\b/, 'build'],
  [/\b(?:eleventy|@11ty\/eleventy)\b/, '_site'],
  [/\bjekyll build\b/, '_site'],
  [/\bhugo\b/, 'public'],
  [/\bnext export\b/, 'out'],
  [/\b(?:vite|astro|parcel|rsbuild|rspack|webpack) build\b|\bparcel\b|\bwebpack\b/, 'dist'],
];

/** Flags with which build tools name their output folder. */
const OUT_FLAG = /(?:--out-?[dD]ir|--dist-dir|--output|--dest|-o|-d)[= ]([A-Za-z0-9_.][A-Za-z0-9_./-]*)/;

/**
 * The folder a build script writes the site to: an explicit output flag, then the generator's
 * default, then a known output folder named in .gitignore; `dist` when nothing says.
 */
export async function outputDir(p: ProjectView, script: string): Promise<{ dir: string; why: string }> {
  const flag = OUT_FLAG.exec(script);
  const flagged = flag?.[1]?.replace(/^\.\//, '').replace(/\/$/, '');
  if (flagged !== undefined && DIR.test(flagged))
    return { dir: flagged, why: `the build script names its output folder (${flag?.[0] ?? ''})` };
  for (const [re, dir] of TOOL_DEFAULTS) {
    const m = re.exec(script);
    if (m) {
      const d = typeof dir === 'string' ? dir : dir(m);
      if (DIR.test(d)) return { dir: d, why: `\`${m[0]}\` writes to ${d}/ by default` };
    }
  }
  const ignore = await p.readText('.gitignore');
  if (ignore !== undefined) {
    for (const line of ignore.split(/\r?\n/)) {
      const name = line.trim().replace(/^\//, '').replace(/\/$/, '');
      if (['dist', 'build', '_site', 'out', 'public', 'site'].includes(name))
        return { dir: name, why: `.gitignore ignores ${name}/, the usual sign of build output` };
    }
  }
  return { dir: 'dist', why: 'the build script does not say where it writes; dist/ is the common default' };
}
