import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { buildFiles, ciHeader } from '../ci.js';
import { composeHeader, dockerfileIn, exposedPorts, serviceName, type BuildService } from '../compose.js';
import { serviceContext, servicePath, type LoadedConfig, type ProjectConfig } from '../config.js';
import { configFileFor } from '../config-write.js';
import { DockstackError } from '../errors.js';
import { LOCK_FILE, serializeLock, type Lockfile } from '../lock.js';
import type { RenderedFile } from '../render.js';
import { planWrites, type PlannedWrite } from '../write.js';
import { readProjectFile } from './read-file.js';

/** Everything one `init`/`add`/`upgrade` wants on disk. */
export interface ProjectChanges {
  root: string;
  loaded?: LoadedConfig;
  nextConfig: ProjectConfig;
  lockBefore?: Lockfile;
  nextLock: Lockfile;
  /** Generated service files, paths relative to the project root. */
  files: RenderedFile[];
  generatorVersion: string;
  /** Refuse (E_LOCK) instead of changing the config or the lock. */
  frozen: boolean;
  /** Also plan compose.yaml and docker-bake.hcl when the project has several services (default true). */
  compose?: boolean;
  /** Plan compose.yaml, docker-bake.hcl and the CI workflow whatever the number of services (`--ci`). */
  ci?: boolean;
}

/** The write plan, split by role so reports keep `files` to the generated service files. */
export interface ProjectPlan {
  files: PlannedWrite[];
  compose: PlannedWrite[];
  config?: PlannedWrite;
  lock: PlannedWrite;
  /** Every write, in one list for {@link applyWrites}. */
  all: PlannedWrite[];
}

/** True when a project's services need compose.yaml and docker-bake.hcl: several, one outside the root, or one with other processes. */
export function wantsCompose(config: ProjectConfig): boolean {
  return config.stacks.length > 1 || config.stacks.some((s) => servicePath(s) !== '.' || Object.keys(s.processes ?? {}).length > 0);
}

/**
 * compose.yaml and docker-bake.hcl for the config's services (with `ci`, the CI workflow too);
 * ports come from each runtime stage's EXPOSE, the default image name from the project folder.
 */
export async function composeFiles(
  root: string,
  config: ProjectConfig,
  rendered: readonly RenderedFile[],
  generatorVersion: string,
  ci = false,
): Promise<RenderedFile[]> {
  const taken = new Set<string>();
  const services: BuildService[] = [];
  for (const entry of config.stacks) {
    const at = servicePath(entry);
    const name = entry.name ?? serviceName(at, taken, path.basename(root));
    taken.add(name);
    const rel = path.posix.join(at, 'Dockerfile');
    const onDisk = rendered.some((f) => f.path === rel)
      ? undefined
      : await readProjectFile(root, rel, { code: 'E_CONFIG', what: 'Service Dockerfile' });
    const text = rendered.find((f) => f.path === rel)?.content ?? (onDisk?.status === 'ok' ? onDisk.text : '');
    const processes = Object.entries(entry.processes ?? {}).map(([p, command]) => ({ name: p, command }));
    // Built from a context above its folder: the Dockerfile's path is relative to that context.
    const from = serviceContext(entry);
    const dockerfile = dockerfileIn(from, at);
    services.push({ name, path: from, dockerfile, ports: exposedPorts(text), ...(processes.length > 0 ? { processes } : {}) });
  }
  return buildFiles(services, {
    header: composeHeader(generatorVersion),
    image: serviceName('.', new Set(), path.basename(root)),
    ...(ci ? { ci: { header: ciHeader(generatorVersion) } } : {}),
  });
}

function changedServices(before: Lockfile | undefined, after: Lockfile): string[] {
  const keys = new Set([...Object.keys(before?.services ?? {}), ...Object.keys(after.services)]);
  return [...keys].filter((k) => !isDeepStrictEqual(before?.services[k], after.services[k])).sort();
}

/**
 * Plans every write of a run: service files, compose files (several services), the config and
 * the lock. With `frozen`, a change to the lock or config is refused (E_LOCK) before anything is
 * written.
 */
export async function planProject(changes: ProjectChanges): Promise<ProjectPlan> {
  const { root, nextConfig, nextLock } = changes;
  const configFile = await configFileFor(root, changes.loaded, nextConfig);
  const lockText = serializeLock(nextLock);
  const lockRead = await readProjectFile(root, LOCK_FILE, { code: 'E_LOCK' });
  const lockOnDisk = lockRead.status === 'ok' ? lockRead.text : undefined;
  if (changes.frozen && (lockOnDisk !== lockText || configFile !== undefined)) {
    const services = changedServices(changes.lockBefore, nextLock);
    const what =
      lockOnDisk === undefined
        ? `there is no ${LOCK_FILE}`
        : configFile !== undefined && lockOnDisk === lockText
          ? `${configFile.path} would change`
          : `${LOCK_FILE} would change (service${services.length === 1 ? '' : 's'}: ${services.join(', ') || 'format'})`;
    throw new DockstackError('E_LOCK', `Frozen: ${what}; nothing was written`, {
      file: lockOnDisk === undefined || configFile === undefined ? LOCK_FILE : configFile.path,
      hint: 'Run the same command without --frozen (and without CI set, or with --no-frozen) locally, review the change, and commit the lock.',
      data: { services },
    });
  }
  const compose =
    changes.ci === true || (changes.compose !== false && wantsCompose(nextConfig))
      ? await composeFiles(root, nextConfig, changes.files, changes.generatorVersion, changes.ci === true)
      : [];
  const files = await planWrites(root, changes.files);
  const composePlan = await planWrites(root, compose);
  const [config] = configFile === undefined ? [] : await planWrites(root, [configFile]);
  const [lock] = await planWrites(root, [{ path: LOCK_FILE, content: lockText }]);
  if (lock === undefined) throw new Error('unreachable: no lock plan');
  return {
    files,
    compose: composePlan,
    ...(config === undefined ? {} : { config }),
    lock,
    all: [...files, ...composePlan, ...(config === undefined ? [] : [config]), lock],
  };
}
