import path from 'node:path';
import type { StackCatalog } from '../catalog.js';
import {
  configLayer,
  loadConfig,
  serviceContext,
  servicePath,
  type LoadedConfig,
  type ProjectConfig,
  type ServiceConfig,
} from '../config.js';
import { upsertService } from '../config-write.js';
import { DockstackError } from '../errors.js';
import type { StackChoice } from '../generate.js';
import { readLock, type Lockfile } from '../lock.js';
import { chooseByDetection, detectFor, plan, type AskFn, type PlanRequest, type ServicePlan } from '../pipeline.js';
import {
  discoverServices,
  nxApplicationFolders,
  rootHasStartScript,
  workspaceLibraries,
  workspaceMemberNames,
  workspaceBuilder,
  workspaceMemberProblem,
  workspacePatterns,
} from '../services.js';
import type { Candidate } from '../detect.js';
import type { LoadedStack } from '../loader.js';
import { seedProcesses } from '../processes.js';
import { planProject, type ProjectPlan } from './plan.js';

/** The project as found before a run. */
export interface ProjectState {
  root: string;
  loaded?: LoadedConfig;
  lock?: Lockfile;
}

/** Reads the project's config and lock (either may be absent). */
export async function readProjectState(root: string, options: { code?: 'run' | 'refuse' } = {}): Promise<ProjectState> {
  const loaded = await loadConfig(root, options.code === undefined ? {} : { code: options.code });
  const lock = await readLock(root);
  return { root, ...(loaded === undefined ? {} : { loaded }), ...(lock === undefined ? {} : { lock }) };
}

/** One service to generate: the request for {@link plan} and its config entry as it stands. */
export interface ServiceTarget {
  request: PlanRequest;
  entry: ServiceConfig;
  /** A new config entry: its `processes` are seeded from the Procfile and detection (a config's own stay as written). */
  seed?: boolean;
}

/** What `init`/`add` would write: each service planned, the next config and the write plan. */
export interface ProjectRun {
  renders: ServicePlan[];
  plan: ProjectPlan;
  nextConfig: ProjectConfig;
}

/** `init` with a config: every configured service, with its config options, range and lock entry. */
export function configTargets(state: ProjectState, set: readonly string[]): ServiceTarget[] {
  const { loaded, lock } = state;
  return (loaded?.config.stacks ?? []).map((entry, i) => {
    const at = servicePath(entry);
    const locked = lock?.services[at];
    const range = entry.version === undefined ? {} : { range: entry.version };
    return {
      entry,
      request: {
        path: at,
        ...(entry.context === undefined ? {} : { context: serviceContext(entry) }),
        stack: entry.stack,
        ...range,
        config: configLayer(loaded as LoadedConfig, i),
        set,
        ...(locked === undefined ? {} : { locked }),
      },
    };
  });
}

/** `init` without a config: the detected services; a lock entry of the same stack is reused, so a rerun is byte-identical. */
export function detectedTargets(
  state: ProjectState,
  found: ReadonlyArray<{ path: string; choice: StackChoice; context?: string }>,
  set: readonly string[],
): ServiceTarget[] {
  return found.map(({ path: at, choice, context }) => {
    const locked = state.lock?.services[at];
    const useLock = locked !== undefined && locked.stack === choice.stack.id;
    const from = context === undefined ? {} : { context };
    return {
      entry: { stack: choice.stack.id, path: at, ...from },
      seed: true,
      request: { path: at, ...from, stack: choice.stack.id, set, ...(useLock ? { locked } : { choice }) },
    };
  });
}

/**
 * `add <id>[@range] --path <at>`: the folder's config entry when it already uses this stack (its
 * options stay a layer, a new range replaces the old), else a new entry; the lock entry is reused
 * when it names the same stack.
 */
export function addTarget(
  state: ProjectState,
  ref: { id: string; range?: string },
  at: string,
  set: readonly string[],
  context?: string,
): ServiceTarget {
  const { loaded, lock } = state;
  const { id, range } = ref;
  const index = loaded?.config.stacks.findIndex((s) => servicePath(s) === at) ?? -1;
  const existing = index >= 0 ? loaded?.config.stacks[index] : undefined;
  const same = existing !== undefined && existing.stack === id;
  // --context replaces the entry's context (`--context <folder itself>` removes it); without it the entry's stays.
  const from = context === undefined ? {} : context === at ? { context: undefined } : { context };
  const merged: ServiceConfig = same
    ? { ...existing, ...(range === undefined ? {} : { version: range }), ...from }
    : { stack: id, ...(range === undefined ? {} : { version: range }), path: at, ...from };
  const { context: kept, ...rest } = merged;
  const entry: ServiceConfig = kept === undefined ? rest : { ...rest, context: kept };
  const locked = lock?.services[at];
  return {
    entry,
    ...(same ? {} : { seed: true }),
    request: {
      path: at,
      ...(entry.context === undefined ? {} : { context: serviceContext(entry) }),
      stack: id,
      ...(entry.version === undefined ? {} : { range: entry.version }),
      ...(same && loaded !== undefined ? { config: configLayer(loaded, index) } : {}),
      set,
      ...(locked !== undefined && locked.stack === id ? { locked } : {}),
    },
  };
}

/** Where `init` generates: the root, or (a monorepo) the services a person may choose among. */
export interface ServiceChoices {
  /** `context`: the build context when it is not the folder (a workspace member built from the workspace root). */
  services: Array<{ path: string; choice: StackChoice; via?: string; context?: string }>;
  /** True when `services` are a monorepo's members, offered for a choice. */
  offer: boolean;
}

/**
 * `init`'s services: the root's stack when it claims the project and there is no workspace; else the
 * discovered services, unless the root's stack builds them itself (go.work, Cargo workspaces:
 * members depend on each other; npm/pnpm workspaces and mixed languages never do). An npm/pnpm
 * workspace root with a start script is an app too: it comes first, before its members.
 */
export async function initServices(catalog: StackCatalog, root: string): Promise<ServiceChoices> {
  let atRoot: StackChoice | undefined;
  let none: DockstackError | undefined;
  try {
    atRoot = await chooseByDetection(catalog, root);
  } catch (error) {
    if (!(error instanceof DockstackError && error.code === 'E_DETECT_NONE')) throw error;
    none = error;
  }
  const rootOnly: ServiceChoices | undefined =
    atRoot === undefined ? undefined : { services: [{ path: '.', choice: atRoot }], offer: false };
  const workspaces = await workspacePatterns(root);
  // An integrated Nx workspace's applications have no package.json: the node stack builds each from the root.
  const node = catalog.latest().find((s) => s.id === 'node');
  const nxApps = node === undefined ? [] : await nxApplicationFolders(root);
  if (rootOnly !== undefined && workspaces.length === 0 && nxApps.length === 0) return rootOnly;
  const found = await discoverServices(catalog.latest(), root);
  const nxServices = node === undefined ? [] : await nxProjectServices(node, root, nxApps, found.services);
  if (nxServices.length > 0 && found.services.length === 0) return { services: nxServices, offer: true };
  if (found.services.length === 0) {
    if (rootOnly !== undefined) return rootOnly;
    throw none ?? new DockstackError('E_DETECT_NONE', `No stack recognised the project in ${root}`);
  }
  const jsWorkspace = workspaces.some((w) => w.via === 'npm workspaces' || w.via === 'pnpm-workspace.yaml');
  if (rootOnly !== undefined && atRoot !== undefined) {
    const mixed = found.services.some((s) => s.candidate.stack.id !== atRoot.stack.id);
    if (!jsWorkspace && !mixed && nxServices.length === 0) return rootOnly;
  }
  // A JavaScript workspace whose root has a start script is itself an app: the root first, then the members.
  const rootApp = atRoot !== undefined && jsWorkspace && (await rootHasStartScript(root));
  const members = jsWorkspace
    ? await workspaceMemberNames(
        root,
        found.services.map((s) => s.path),
      )
    : new Map<string, string>();
  const services: ServiceChoices['services'] = [];
  // The stack that builds a member from the workspace root: node (npm, pnpm, yarn) or bun.
  const builderId = jsWorkspace ? await workspaceBuilder(root) : undefined;
  const builder = builderId === undefined ? undefined : catalog.latest().find((x) => x.id === builderId);
  // Members other members depend on, with nothing to start, are libraries: built inside their users' images.
  const libraries = jsWorkspace ? await workspaceLibraries(root, members) : new Set<string>();
  for (const s of found.services) {
    if (libraries.has(s.path) && found.services.some((o) => !libraries.has(o.path))) continue;
    const problem = jsWorkspace && s.via !== 'manifest' ? await workspaceMemberProblem(root, s.path, members) : undefined;
    const name = [...members].find(([, folder]) => folder === s.path)?.[0];
    if (problem !== undefined && builder !== undefined && (s.candidate.stack.id === 'node' || s.candidate.stack.id === 'bun')) {
      // A member its folder cannot build is built from the workspace root (its Dockerfile stays in its folder).
      const choice = await detectFor(builder, path.join(root, s.path), { root, member: s.path });
      if (choice.candidate !== undefined) {
        const why = `${s.path} is built from the workspace root (build context ".", its Dockerfile in ${s.path}): ${problem.why}`;
        services.push({ path: s.path, choice: { ...choice, candidate: withNote(choice.candidate, why) }, via: s.via, context: '.' });
        continue;
      }
    }
    const candidate = problem === undefined ? s.candidate : withNote(s.candidate, memberNote(s.path, name, problem, rootApp));
    services.push({ path: s.path, choice: { stack: s.candidate.stack, candidate }, via: s.via });
  }
  return {
    services: [
      ...(rootApp && atRoot !== undefined ? [{ path: '.', choice: atRoot, via: 'root start script' }] : []),
      ...services,
      ...nxServices,
    ],
    offer: true,
  };
}

/**
 * The services of an integrated Nx workspace's application projects (`folders`): each detected by the
 * node stack with the workspace root as its context, built from the root. A folder inside a service
 * already found (a project with a package.json of its own) is left to it.
 */
async function nxProjectServices(
  node: LoadedStack,
  root: string,
  folders: readonly string[],
  found: ReadonlyArray<{ path: string }>,
): Promise<ServiceChoices['services']> {
  const services: ServiceChoices['services'] = [];
  for (const folder of folders) {
    if (found.some((s) => s.path === folder || folder.startsWith(`${s.path}/`))) continue;
    const choice = await detectFor(node, path.join(root, folder), { root, member: folder });
    if (choice.candidate === undefined) continue;
    const note = `${folder} is an Nx project built from the workspace root (build context ".", its Dockerfile in ${folder})`;
    services.push({ path: folder, choice: { ...choice, candidate: withNote(choice.candidate, note) }, via: 'nx project', context: '.' });
  }
  return services;
}

/** What `init` says about a workspace member whose Dockerfile builds its folder alone. */
function memberNote(at: string, name: string | undefined, problem: { fails: boolean; why: string }, rootApp: boolean): string {
  const who = name ?? at;
  const effect = problem.fails ? 'so the image build fails' : 'so the image installs without the workspace lockfile';
  return (
    `${at} is a member of the JavaScript workspace at the root, and its Dockerfile builds ${at} alone (that folder is the build context), ${effect}: ${problem.why}. ` +
    (rootApp
      ? 'The root Dockerfile builds the workspace and runs the app the root start script starts'
      : `To build it with its workspace, give the root package.json a start script that runs it (\`pnpm --filter ${who} start\`, \`npm start -w ${at}\` or \`yarn workspace ${who} start\`): init then also writes a root Dockerfile that installs the workspace and runs it in ${at}`)
  );
}

function withNote(candidate: Candidate, note: string): Candidate {
  return { ...candidate, result: { ...candidate.result, notes: [...(candidate.result.notes ?? []), note] } };
}

/** The config entry after a run: --set flags and prompt answers saved, the range pinned when absent, its processes kept. */
export function nextEntry(target: ServiceTarget, planned: ServicePlan): ServiceConfig {
  const stack = planned.choice.stack;
  const options = { ...(target.entry.options ?? {}), ...planned.chosen };
  const { name, processes, context } = target.entry;
  return {
    stack: stack.id,
    version: target.entry.version ?? `^${stack.version}`,
    path: planned.path,
    ...(context === undefined ? {} : { context }),
    ...(name === undefined ? {} : { name }),
    ...(Object.keys(options).length > 0 ? { options } : {}),
    ...(processes === undefined ? {} : { processes }),
  };
}

/**
 * Plans each service (prompting through `ask` when given), then the service files, compose files,
 * config and lock together. With `keepOtherServices` (add), services not targeted stay in the
 * config and lock; without (init), the targets are the whole project. Reads only.
 */
export async function planRun(
  catalog: StackCatalog,
  state: ProjectState,
  targets: readonly ServiceTarget[],
  settings: { generatorVersion: string; frozen: boolean; keepOtherServices: boolean; ask?: AskFn; ci?: boolean },
): Promise<ProjectRun> {
  const renders: ServicePlan[] = [];
  const context = {
    catalog,
    root: state.root,
    generatorVersion: settings.generatorVersion,
    ...(settings.ask === undefined ? {} : { ask: settings.ask }),
  };
  const seeded: ServiceTarget[] = [];
  for (const target of targets) {
    const planned = await plan(target.request, context);
    renders.push(planned);
    const processes =
      target.seed === true && target.entry.processes === undefined
        ? await seedProcesses(state.root, planned.path, planned.choice.candidate?.result.processes)
        : undefined;
    seeded.push(processes === undefined ? target : { ...target, entry: { ...target.entry, processes } });
  }
  const keep = settings.keepOtherServices;
  let nextConfig: ProjectConfig = { ...(state.loaded?.config ?? {}), stacks: keep ? [...(state.loaded?.config.stacks ?? [])] : [] };
  seeded.forEach((t, i) => (nextConfig = upsertService(nextConfig, nextEntry(t, renders[i] as ServicePlan))));
  const services = keep ? { ...(state.lock?.services ?? {}) } : {};
  for (const r of renders) services[r.path] = r.entry;
  const writes = await planProject({
    root: state.root,
    ...(state.loaded === undefined ? {} : { loaded: state.loaded }),
    nextConfig,
    ...(state.lock === undefined ? {} : { lockBefore: state.lock }),
    nextLock: { lockfileVersion: 1, services },
    files: renders.flatMap((r) => r.files.map((f) => ({ path: path.posix.join(r.path, f.path), content: f.content }))),
    generatorVersion: settings.generatorVersion,
    frozen: settings.frozen,
    ...(settings.ci === true ? { ci: true } : {}),
  });
  return { renders, plan: writes, nextConfig };
}
