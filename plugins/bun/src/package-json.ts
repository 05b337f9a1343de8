/** The package.json fields this stack reads. */
export interface PackageJson {
  name?: unknown;
  license?: unknown;
  repository?: unknown;
  module?: unknown;
  main?: unknown;
  packageManager?: unknown;
  workspaces?: unknown;
  scripts?: Record<string, unknown>;
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
  engines?: { bun?: unknown };
}

const APP_NAME = /^[A-Za-z0-9@][A-Za-z0-9@._/-]{0,127}$/;
const SOURCE_URL = /^https?:\/\/[A-Za-z0-9._~:/?#@&=+%,;-]+$/;
const LICENSE = /^[A-Za-z0-9.+ ()-]{1,64}$/;

/** `name` when it is usable as a label value. */
export function packageName(pkg: PackageJson): string | undefined {
  return typeof pkg.name === 'string' && APP_NAME.test(pkg.name) ? pkg.name : undefined;
}

/** `license` when it is an SPDX-looking expression. */
export function packageLicense(pkg: PackageJson): string | undefined {
  return typeof pkg.license === 'string' && LICENSE.test(pkg.license) && pkg.license !== 'UNLICENSED' ? pkg.license : undefined;
}

/** `repository` as a browsable https URL (git+https, .git suffix and github: shorthands normalised). */
export function repositoryUrl(pkg: PackageJson): string | undefined {
  const raw = typeof pkg.repository === 'string' ? pkg.repository : typeof pkg.repository === 'object' && pkg.repository !== null ? (pkg.repository as { url?: unknown }).url : undefined;
  if (typeof raw !== 'string') return undefined;
  let url = raw.trim();
  const short = /^(github|gitlab|bitbucket):([\w.-]+\/[\w.-]+)$/.exec(url) ?? /^()([\w.-]+\/[\w.-]+)$/.exec(url);
  if (short) url = `https://${short[1] === '' || short[1] === 'github' ? 'github.com' : `${short[1]}.${short[1] === 'bitbucket' ? 'org' : 'com'}`}/${short[2]}`;
  url = url.replace(/^git\+/, '').replace(/^git:\/\//, 'https://').replace(/^ssh:\/\/git@/, 'https://').replace(/\.git$/, '');
  return SOURCE_URL.test(url) ? url : undefined;
}

/** The names of one dependency map. */
export function names(map: Record<string, unknown> | undefined): string[] {
  return typeof map === 'object' && map !== null ? Object.keys(map) : [];
}

/** The scripts that are strings. */
export function scripts(pkg: PackageJson): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(pkg.scripts ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}
