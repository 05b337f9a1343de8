// Sorts a corpus app's failure into a class (the next phase fixes classes as general rules) and keeps
// the exact error line. Pure: the README table re-runs it over results.json's stored detail.
import type { VerifyReport } from '@dockstack/engine';

export interface Classified {
  /** Where it failed: init, standin, build, answer, healthy, non-root, stop, rebuild, harness. */
  stage: string;
  class: string;
  /** The error line as printed (trimmed). */
  line: string;
  /** The raw text the line was taken from (tail of a log), for reclassification. */
  detail: string;
}

/** Known classes: first match on the detail text wins. */
const CLASSES: Array<{ re: RegExp; class: string }> = [
  { re: /^answers on its fixed port/, class: 'port: listens on a fixed port, ignores PORT' },
  { re: /Cannot find module '\/app\/build'|adapter-auto|build\/index\.js missing: use @sveltejs\/adapter-node/, class: 'app: SvelteKit adapter-auto builds no server outside a known host (install @sveltejs/adapter-node)' },
  { re: /^the container exited at once|container logs:\s*$/, class: 'start: the process exits at once, silently (wrong start command)' },
  { re: /PPR cannot be enabled in export mode/, class: 'corpus: the template enables cacheComponents, which output: "export" refuses' },
  { re: /ERR_PNPM_LOCKFILE_BREAKING_CHANGE|ERR_PNPM_LOCKFILE_CONFIG_MISMATCH|ERR_PNPM_OUTDATED_LOCKFILE/, class: 'pm-version: pnpm lockfile' },
  { re: /ERR_PNPM_IGNORED_BUILDS|Ignored build scripts/, class: 'pm: pnpm build scripts not allowed' },
  { re: /ERR_PNPM_\w+/, class: 'pm: pnpm install' },
  { re: /Extracting tar content of undefined failed, the file appears to be corrupt/, class: 'pm: yarn classic cache extraction failed ("file appears to be corrupt")' },
  { re: /Your lockfile needs to be updated|yarn install v1[\s\S]*error /, class: 'pm: yarn classic install' },
  { re: /YN\d{4}/, class: 'pm: yarn berry install' },
  { re: /npm (error|ERR!) (code )?E(NOTFOUND|USAGE|RESOLVE|LOCK)|`npm ci` can only install/, class: 'pm: npm ci' },
  { re: /EBADENGINE|Unsupported engine|requires a minimum Node\.js|Node\.js version .* is required|Please use Node\.js v/i, class: 'node-version: app needs a newer Node' },
  { re: /"?\/[\w/.-]+"?: not found|failed to compute cache key/, class: 'build: COPY of a path the build does not produce' },
  {
    re: /`partialPrefetching` requires `cacheComponents`/,
    class: 'corpus: the export edit turned cacheComponents off but left partialPrefetching on (apps.mjs turns both off)',
  },
  { re: /error TS5011/, class: "app: the template does not compile with the TypeScript it pins (TS5011: tsconfig needs rootDir under TypeScript 6; its own `pnpm install && tsc` fails the same way outside Docker)" },
  { re: /jsr:@|JSR|jsr\.io/, class: 'cannot build here: JSR (Deno\'s registry) is unreachable' },
  { re: /Cannot find module '\/app\/[^']*'|Cannot find module/, class: 'run: start command points at a missing file' },
  { re: /Could not find a production build|Could not find .*\.next|ENOENT.*\.next/, class: 'run: framework output not in the image' },
  { re: /sh: 1: [\w-]+: not found|exec: "?[\w-]+"?: executable file not found|command not found/, class: 'run: start command not in the image' },
  { re: /EACCES|permission denied/i, class: 'permissions: runtime user cannot write' },
  { re: /EADDRINUSE|listen .* 8080|listening on .*8080/, class: 'port: not listening on PORT' },
  { re: /next\/font: error|Failed to fetch [\w ]+ from Google Fonts/, class: 'cannot build here: next/font fetches Google Fonts at build time' },
  { re: /Could not resolve|Module not found|TS\d{4}:|Type error|Build error|Failed to compile/, class: 'build: framework build failed' },
  { re: /No module named|ModuleNotFoundError|pip install|Could not find a version/, class: 'cannot build here: PyPI unreachable' },
];

/** Line patterns, most telling first: a package manager's error code, a compiler error, an exception, then anything error-like. */
const TELLING: RegExp[] = [
  /ERR_PNPM_\w+|YN\d{4}|npm (error|ERR!) code|error TS\d+|^the container exited at once/,
  /Extracting tar content|Failed to fetch|Cannot find module|Module not found|Could not resolve|not found: /,
  /^(\w*Error|error)\b[:\s]/i,
  /npm (error|ERR!)|error:|ERROR|failed|not found/i,
];

/** Registry hosts never reach a committed file: URLs on them become <registry>. */
export function scrub(text: string): string {
  return text.replace(/https?:\/\/[^/\s"']*(registry|npmjs|yarnpkg|docker\.io|docker\.com)[^/\s"']*(\/[^\s"']*)?/gi, '<registry>');
}

/** The most telling line of a log (see TELLING), else its last non-empty line. */
export function errorLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.replace(/^#\d+ [\d.]+ /, '').replace(/^\d+\.\d+ /, '').trim())
    .filter((l) => l !== '' && !/^at /.test(l) && !/^Warning\b/i.test(l));
  let pick: string | undefined;
  for (const re of TELLING) {
    pick = lines.find((l) => re.test(l));
    if (pick !== undefined) break;
  }
  pick ??= lines.at(-1) ?? '';
  return pick.length > 300 ? `${pick.slice(0, 297)}...` : pick;
}

function byText(stage: string, detail: string, fallback: string): Classified {
  const known = CLASSES.find((c) => c.re.test(detail));
  return { stage, class: known?.class ?? fallback, line: scrub(errorLine(detail)), detail: scrub(detail.slice(-3000)) };
}

export type ClassifyInput =
  | { phase: 'init' | 'standin' | 'harness'; text: string; exit?: number | null; extra?: string }
  | { phase: 'verify'; report: VerifyReport; checks: Record<string, string>; rebuild?: VerifyReport };

export function classify(input: ClassifyInput): Classified {
  if (input.phase !== 'verify') {
    if (input.phase === 'init') return byText('init', input.text, 'init: no root Dockerfile');
    if (input.phase === 'standin') return byText('build', input.text, 'standin: base image without a stand-in');
    return byText('harness', input.text, 'harness error');
  }
  const { report, checks } = input;
  if (checks['build'] === 'fail') {
    // The failing RUN's own output holds the cause; BuildKit's last lines only say which RUN failed.
    const tail = report.build.error ?? report.failures.join('\n');
    const failed = /failed to solve: process "\/bin\/sh -c ([^"]{1,60})/.exec(tail)?.[1];
    const step =
      (failed ? report.build.steps.filter((s) => s.name.includes(failed.trim().slice(0, 40))).at(-1) : undefined) ??
      report.build.steps.filter((s) => s.output.length > 0).at(-1);
    const output = step ? step.output.slice(-60).join('\n') : '';
    return byText('build', `${output}\n${tail}`, 'build: other');
  }
  if (checks['answer'] !== 'pass') {
    const detail = report.failures.find((f) => /^HTTP check failed|^run check failed|^container did not start/.test(f)) ?? report.failures.join('\n');
    return byText('answer', detail, 'run: no answer on PORT');
  }
  if (checks['nonRoot'] === 'fail') return byText('non-root', report.failures.join('\n'), 'user: runs as root');
  if (checks['healthy'] === 'fail')
    return byText('healthy', report.failures.find((f) => /HEALTHCHECK/.test(f)) ?? 'no HEALTHCHECK in the image', 'health: not healthy');
  if (checks['stop'] === 'fail') return byText('stop', report.failures.find((f) => /docker stop/.test(f)) ?? '', 'stop: SIGTERM not handled');
  if (checks['cachedRebuild'] === 'fail') {
    const failures = input.rebuild?.failures ?? report.failures;
    return byText('rebuild', failures.find((f) => /rebuild|edit|dependency/.test(f)) ?? failures.join('\n'), 'rebuild: not cached or edit lost');
  }
  return byText('other', report.failures.join('\n'), 'other');
}

/** Recomputes the class and line from the stored detail (after the class table changed). */
export function reclassify(c: Classified): Classified {
  if (c.class.startsWith('port: listens on a fixed port')) return c;
  const fallback = c.class;
  const known = CLASSES.find((k) => k.re.test(c.detail));
  return { ...c, class: known?.class ?? fallback, line: scrub(errorLine(c.detail)), detail: scrub(c.detail) };
}
