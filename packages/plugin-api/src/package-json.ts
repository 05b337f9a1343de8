import { propose, type Findings } from './findings.js';
import type { ProjectView } from './index.js';
import { LICENSE_EXPRESSION } from './license.js';

/** The package.json fields stacks read; every value is checked before use, so all are `unknown`. */
export interface PackageJson {
  name?: unknown;
  main?: unknown;
  module?: unknown;
  license?: unknown;
  repository?: unknown;
  packageManager?: unknown;
  workspaces?: unknown;
  scripts?: Record<string, unknown>;
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
  engines?: Record<string, unknown>;
  volta?: Record<string, unknown>;
}

/** An image label value built from a manifest name: what the `appName` option accepts. */
export const APP_NAME = /^[A-Za-z0-9@][A-Za-z0-9@._/-]{0,127}$/;
/** A browsable http(s) URL without `$` (Docker would expand it in a LABEL): what the `sourceUrl` option accepts. */
export const SOURCE_URL = /^https?:\/\/[A-Za-z0-9._~:/?#@&=+%,;-]+$/;

/** `package.json` (or `file`) when it holds a JSON object; undefined when missing or not an object. */
export async function readPackageJson(p: ProjectView, file = 'package.json'): Promise<PackageJson | undefined> {
  const json = await p.readJson<unknown>(file);
  return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as PackageJson) : undefined;
}

/** `name` when it is usable as a label value. */
export function packageName(pkg: PackageJson | undefined): string | undefined {
  return typeof pkg?.name === 'string' && APP_NAME.test(pkg.name) ? pkg.name : undefined;
}

/** `license` when it is an SPDX-looking expression (not `UNLICENSED`). */
export function packageLicense(pkg: PackageJson | undefined): string | undefined {
  return typeof pkg?.license === 'string' && LICENSE_EXPRESSION.test(pkg.license) && pkg.license !== 'UNLICENSED' ? pkg.license : undefined;
}

/** A repository URL as a browsable https URL (git+https, git://, ssh, .git suffix and `github:` shorthands normalised). */
export function browsableUrl(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  let url = raw.trim();
  const short = /^(github|gitlab|bitbucket):([\w.-]+\/[\w.-]+)$/.exec(url) ?? /^()([\w.-]+\/[\w.-]+)$/.exec(url);
  if (short)
    url = `https://${short[1] === '' || short[1] === 'github' ? 'github.com' : `${short[1]}.${short[1] === 'bitbucket' ? 'org' : 'com'}`}/${short[2]}`;
  url = url
    .replace(/^git\+/, '')
    .replace(/^git:\/\//, 'https://')
    .replace(/^ssh:\/\/git@/, 'https://')
    .replace(/\.git$/, '');
  return SOURCE_URL.test(url) ? url : undefined;
}

/** `repository` (a string or `{ url }`) as a browsable https URL. */
export function repositoryUrl(pkg: PackageJson | undefined): string | undefined {
  const repo = pkg?.repository;
  return browsableUrl(typeof repo === 'object' && repo !== null ? (repo as { url?: unknown }).url : repo);
}

/** The names of one dependency map. */
export function names(map: unknown): string[] {
  return typeof map === 'object' && map !== null ? Object.keys(map) : [];
}

/** Every dependency name, production and development. */
export function dependencyNames(pkg: PackageJson | undefined): string[] {
  return [...names(pkg?.dependencies), ...names(pkg?.devDependencies)];
}

/** The scripts that are strings. */
export function scripts(pkg: PackageJson | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(pkg?.scripts ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Proposes the label options package.json gives (appName from `name`, sourceUrl from `repository`, license), each with its reason. */
export function proposePackageLabels(f: Findings, pkg: PackageJson | undefined): void {
  const name = packageName(pkg);
  if (name !== undefined) propose(f, 'appName', name, 'package.json `name`');
  const url = repositoryUrl(pkg);
  if (url !== undefined) propose(f, 'sourceUrl', url, 'package.json `repository`');
  const license = packageLicense(pkg);
  if (license !== undefined) propose(f, 'license', license, 'package.json `license`');
}

/** What a manifest says about the image labels: the project's name, source URL and licence. */
export interface ManifestLabels {
  name?: string;
  license?: string;
  sourceUrl?: string;
}

/** Sets appName, sourceUrl and license from `labels`, each only when it is a valid value for its option. */
export function setLabels(f: Findings, labels: ManifestLabels): void {
  if (labels.name !== undefined && APP_NAME.test(labels.name)) f.options['appName'] = labels.name;
  if (labels.sourceUrl !== undefined && SOURCE_URL.test(labels.sourceUrl)) f.options['sourceUrl'] = labels.sourceUrl;
  if (labels.license !== undefined && LICENSE_EXPRESSION.test(labels.license)) f.options['license'] = labels.license;
}
