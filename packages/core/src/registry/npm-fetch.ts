import semver from 'semver';
import ssri from 'ssri';
import { PLUGIN_API_VERSION } from '@dockstack/plugin-api';
import { DockstackError } from '../errors.js';
import { registryFor, type NpmOptions } from './npm-config.js';
import { admitsRunningApi } from './search.js';

/** What the registry says about one published version. */
export interface PublishedVersion {
  version: string;
  /** `dockstack.apiRange` from that version's package.json; undefined when it has no manifest. */
  apiRange?: string;
  deprecated?: string;
  /** `dist.integrity` recorded by the registry. */
  integrity?: string;
}

/** A package's published versions (ascending) and dist-tags. */
export interface PublishedPackage {
  name: string;
  registry: string;
  versions: PublishedVersion[];
  distTags: Record<string, string>;
}

function npmError(error: unknown, name: string, npm: NpmOptions): DockstackError {
  const e = error as { code?: string; statusCode?: number; message?: string };
  const registry = registryFor(name, npm);
  if (e.code === 'E404' || e.statusCode === 404) {
    return new DockstackError('E_STACK_NOT_FOUND', `Package ${name} was not found on ${registry}`, {
      hint: `Check the name (community stacks are published as dockstack-stack-<id>), run "dockstack stacks search <word>", or check the registry in your npm config.`,
      cause: error,
    });
  }
  if (e.code === 'EINTEGRITY') {
    return new DockstackError('E_INTEGRITY', `The tarball of ${name} does not match the integrity the registry recorded for it`, {
      hint: 'The package or a cache between you and the registry was tampered with or corrupted; nothing was installed.',
      cause: error,
    });
  }
  const auth = e.statusCode === 401 || e.statusCode === 403 || e.code === 'E401' || e.code === 'E403';
  return new DockstackError(
    'E_REGISTRY',
    `Could not fetch ${name} from ${registry}: ${e.code ?? ''} ${(e.message ?? String(error)).split('\n')[0]}`.replace(/: +/, ': '),
    {
      hint: auth
        ? 'The registry refused the request: log in (npm login) or set an auth token for it in your npmrc.'
        : 'Check the registry and proxy settings in your npm config (npm config list).',
      cause: error,
    },
  );
}

/** Reads a package's full metadata (packument) from the registry the npm config names for it. */
export async function fetchPublished(name: string, npm: NpmOptions): Promise<PublishedPackage> {
  const { default: pacote } = await import('pacote');
  let doc: { versions?: Record<string, unknown>; 'dist-tags'?: Record<string, string> };
  try {
    doc = (await pacote.packument(name, { ...npm, fullMetadata: true, preferOnline: true })) as unknown as typeof doc;
  } catch (error) {
    throw npmError(error, name, npm);
  }
  const versions = Object.values(doc.versions ?? {})
    .map((m) => {
      const meta = m as unknown as {
        version: string;
        dockstack?: { apiRange?: unknown };
        deprecated?: unknown;
        dist?: { integrity?: string };
      };
      const apiRange = typeof meta.dockstack?.apiRange === 'string' ? meta.dockstack.apiRange : undefined;
      return {
        version: meta.version,
        ...(apiRange === undefined ? {} : { apiRange }),
        ...(typeof meta.deprecated === 'string' && meta.deprecated !== '' ? { deprecated: meta.deprecated } : {}),
        ...(meta.dist?.integrity === undefined ? {} : { integrity: meta.dist.integrity }),
      };
    })
    .filter((v) => semver.valid(v.version) !== null)
    .sort((a, b) => semver.compare(a.version, b.version));
  return { name, registry: registryFor(name, npm), versions, distTags: doc['dist-tags'] ?? {} };
}

/** Versions of a package whose manifest admits the running plugin API (ascending). */
export function compatibleVersions(pkg: PublishedPackage): string[] {
  return pkg.versions.filter((v) => v.apiRange !== undefined && admitsRunningApi(v.apiRange)).map((v) => v.version);
}

/**
 * Picks the version to install: the newest that satisfies `range` (a semver range or a
 * dist-tag; none means any) and admits the running plugin API, preferring versions
 * that are not deprecated. Refuses with the versions that would work.
 */
export function chooseVersion(pkg: PublishedPackage, range: string | undefined): PublishedVersion {
  const tagged = range === undefined ? undefined : pkg.distTags[range];
  const wanted = tagged ?? range;
  if (wanted !== undefined && semver.validRange(wanted) === null) {
    throw new DockstackError('E_USAGE', `"${range}" is neither a semver range nor a dist-tag of ${pkg.name}`, {
      hint: `Write ${pkg.name}@1, @^1.2.0 or @1.2.3.`,
    });
  }
  const inRange = pkg.versions.filter((v) => wanted === undefined || semver.satisfies(v.version, wanted));
  const works = compatibleVersions(pkg);
  if (inRange.length === 0) {
    throw new DockstackError('E_STACK_NOT_FOUND', `No published version of ${pkg.name} satisfies ${range}`, {
      hint: `Published: ${pkg.versions.map((v) => v.version).join(', ') || 'none'}.`,
      data: { published: pkg.versions.map((v) => v.version) },
    });
  }
  if (inRange.every((v) => v.apiRange === undefined)) {
    throw new DockstackError('E_STACK_INVALID', `${pkg.name} is not a dockstack stack: its package.json has no "dockstack" manifest`, {
      hint: 'Stacks keep their manifest under package.json#dockstack (see "dockstack stacks new").',
    });
  }
  const usable = inRange.filter((v) => v.apiRange !== undefined && admitsRunningApi(v.apiRange));
  if (usable.length === 0) {
    const newest = inRange[inRange.length - 1] as PublishedVersion;
    throw new DockstackError(
      'E_STACK_INCOMPATIBLE',
      `${pkg.name}@${newest.version} needs plugin API ${newest.apiRange ?? '?'}, but this dockstack provides plugin API ${PLUGIN_API_VERSION}`,
      {
        hint:
          works.length > 0
            ? `Versions that work with plugin API ${PLUGIN_API_VERSION}: ${works.join(', ')}. Install one with "dockstack stacks install ${pkg.name}@${works[works.length - 1]}".`
            : `No published version of ${pkg.name} works with plugin API ${PLUGIN_API_VERSION}; use a dockstack release that provides ${newest.apiRange ?? 'the API it needs'}.`,
        data: { compatible: works, running: PLUGIN_API_VERSION, apiRange: newest.apiRange },
      },
    );
  }
  const current = usable.filter((v) => v.deprecated === undefined);
  return (current.length > 0 ? current : usable).at(-1) as PublishedVersion;
}

/**
 * Downloads a version's tarball through pacote (npm config, auth and cache apply).
 * pacote checks it against the registry's `dist.integrity`; when the stack index records
 * an integrity for this version, the bytes must match that too.
 */
export async function fetchTarball(
  name: string,
  version: string,
  npm: NpmOptions,
  indexIntegrity?: string,
): Promise<{ data: Buffer; integrity: string }> {
  const { default: pacote } = await import('pacote');
  let data: Buffer;
  try {
    data = await pacote.tarball(`${name}@${version}`, { ...npm });
  } catch (error) {
    throw npmError(error, `${name}@${version}`, npm);
  }
  const integrity = ssri.fromData(data, { algorithms: ['sha512'] }).toString();
  if (indexIntegrity !== undefined && ssri.checkData(data, indexIntegrity) === false) {
    throw new DockstackError(
      'E_INTEGRITY',
      `The tarball of ${name}@${version} (${integrity.slice(0, 22)}...) does not match the stack index (${indexIntegrity.slice(0, 22)}...)`,
      {
        hint: 'The registry serves different bytes than the index recorded: the package was republished or tampered with. Nothing was installed.',
        data: { expected: indexIntegrity, actual: integrity },
      },
    );
  }
  return { data, integrity };
}
