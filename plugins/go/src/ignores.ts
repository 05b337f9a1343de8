/**
 * The stack's own `.dockerignore` entries that could hide a file a build needs, as
 * path tests (mirrors template/dockerignore.ejs; patterns are matched from the context
 * root, `**` spanning any depth). Used to warn when a `//go:embed` names one of them.
 */
const ENTRIES: Array<[RegExp, string]> = [
  [/^README[^/]*$/, 'README*'],
  [/^bin(?:\/|$)/, 'bin/'],
  [/(?:^|\/)\.env[^/]*$/, '**/.env*'],
  [/(?:^|\/)[^/]*\.pem$/, '**/*.pem'],
  [/(?:^|\/)[^/]*\.key$/, '**/*.key'],
  [/(?:^|\/)id_rsa[^/]*$/, '**/id_rsa*'],
  [/(?:^|\/)\.netrc$/, '**/.netrc'],
  [/^[^/]*\.prof$/, '*.prof'],
  [/(?:^|\/)[^/]*\.log$/, '**/*.log'],
  [/(?:^|\/)[^/]*\.test$/, '**/*.test'],
  [/^coverage\.out$/, 'coverage.out'],
  [/^\.git(?:\/|$)/, '.git'],
];

/** The ignore entry that excludes `path` (relative to the project root), if any. */
export function ignoredBy(path: string): string | undefined {
  const clean = path.replace(/^\.\//, '');
  for (const [re, entry] of ENTRIES) if (re.test(clean)) return entry;
  return undefined;
}
