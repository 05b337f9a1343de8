import { isDeepStrictEqual } from 'node:util';
import semver from 'semver';
import type { StackCatalog } from '../catalog.js';
import { containedDir } from '../contain.js';
import { detectStacks } from '../detect.js';
import { optionLayers, regenerateCommand, undecidedImportant, type StackChoice } from '../generate.js';
import type { LoadedStack } from '../loader.js';
import { canonicalJson, lockEntry, lockedStack, stackIntegrity, type LockedService } from '../lock.js';
import { resolveOptions, type OptionLayer, type ResolvedOptions } from '../options.js';
import { render, type RenderedFile } from '../render.js';

/** What to generate for one service folder. */
export interface ServiceRequest {
  /** Service folder relative to the project root (`.` for the root). */
  path: string;
  /** Stack id. */
  stack: string;
  /** Semver range the stack must satisfy (config `version` or `add id@range`). */
  range?: string;
  /** The config's options for this service, as a layer naming the file and pointer. */
  config?: OptionLayer;
  /** `--set key=value` flags. */
  set?: readonly string[];
  /** The lock's entry for this folder, when there is one. */
  locked?: LockedService;
  /** A detection verdict already made for this folder and stack (skips running the detector again). */
  choice?: StackChoice;
}

/** One service rendered: the files, the options and their sources, and its new lock entry. */
export interface ServiceRender {
  path: string;
  choice: StackChoice;
  options: ResolvedOptions;
  /** Rendered files, paths relative to the service folder. */
  files: RenderedFile[];
  entry: LockedService;
  /** True when the locked version and options were reused, so the output is byte-identical to the lock's. */
  fromLock: boolean;
  /** Values answered at a prompt (to be saved in the config). */
  prompted: Record<string, unknown>;
}

/** Asks a person for important options nobody decided; the CLI supplies it, core never prompts. */
export type AskFn = (choice: StackChoice, keys: string[]) => Promise<Record<string, unknown>>;

/**
 * The stack version a service uses: the locked version when it satisfies the range (E_LOCK when it
 * is not installed), else the newest installed version satisfying the range.
 */
export function pickStack(catalog: StackCatalog, request: Pick<ServiceRequest, 'path' | 'stack' | 'range' | 'locked'>): LoadedStack {
  const { locked, range } = request;
  if (locked !== undefined && locked.stack === request.stack && (range === undefined || semver.satisfies(locked.version, range))) {
    return lockedStack(catalog, request.path, locked);
  }
  return catalog.get(range === undefined ? request.stack : `${request.stack}@${range}`);
}

/** Runs a stack's own detector on a service folder, for its option proposals. */
export async function choiceFor(stack: LoadedStack, dir: string): Promise<StackChoice> {
  if (stack.detectorPath === undefined) return { stack };
  const detection = await detectStacks([stack], dir);
  const candidate = detection.candidates[0];
  return { stack, detection, ...(candidate === undefined ? {} : { candidate }) };
}

/** The header's regenerate command for a service, with `--path` when it is not the root. */
export function serviceRegenerate(stack: LoadedStack, resolved: ResolvedOptions, servicePath: string): string {
  const command = regenerateCommand(stack, resolved);
  if (servicePath === '.') return command;
  const quoted = /^[\w./@+-]+$/.test(servicePath) ? servicePath : `'${servicePath.replace(/'/g, `'\\''`)}'`;
  return command.replace(`dockstack add ${stack.id}`, `dockstack add ${stack.id} --path ${quoted}`);
}

/**
 * Resolves options (detection < config < prompt < --set) and renders one service. When the locked
 * version is used and the options equal the locked ones, the locked header facts are reused so the
 * output is byte-identical to what the lock recorded.
 */
export async function renderService(catalog: StackCatalog, root: string, request: ServiceRequest, generatorVersion: string, ask?: AskFn): Promise<ServiceRender> {
  const stack = request.choice?.stack ?? pickStack(catalog, request);
  const choice = request.choice ?? (await choiceFor(stack, containedDir(root, request.path, { code: 'E_CONFIG', what: 'Service folder' })));
  const extra = { ...(request.config === undefined ? {} : { config: request.config }), ...(request.set === undefined ? {} : { set: request.set }) };
  let prompted: Record<string, unknown> = {};
  if (ask !== undefined) {
    const keys = undecidedImportant(stack, resolveOptions(stack.schema, optionLayers(choice, extra)));
    if (keys.length > 0) prompted = await ask(choice, keys);
  }
  const options = resolveOptions(stack.schema, optionLayers(choice, { ...extra, ...(Object.keys(prompted).length > 0 ? { prompted } : {}) }));
  const locked = request.locked;
  const fromLock =
    locked !== undefined && locked.stack === stack.id && locked.version === stack.version && canonicalJson(locked.options) === canonicalJson(options.values);
  const meta = fromLock
    ? { generatorVersion: locked.generator, regenerate: locked.regenerate }
    : { generatorVersion, regenerate: serviceRegenerate(stack, options, request.path) };
  const files = render(stack, options.values, meta);
  const entry = lockEntry(stack, options.values, files, { generator: meta.generatorVersion, regenerate: meta.regenerate });
  return { path: request.path, choice, options, files, entry, fromLock: fromLock && isDeepStrictEqual(entry, locked) && locked.integrity === stackIntegrity(stack), prompted };
}
