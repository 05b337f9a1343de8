import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import semver from 'semver';
import type { StackCatalog } from './catalog.js';
import { detectStacks } from './detect.js';
import { DockstackError } from './errors.js';
import { builtFromAbove, generate, optionLayers, undecidedImportant, type OptionInputs, type StackChoice } from './generate.js';
import type { LoadedStack } from './loader.js';
import { lockEntry, lockedStack, type LockedService } from './lock.js';
import { pinRendered } from './pin.js';
import { containedDir } from './contain.js';
import { parseSetFlags, resolveOptions, type OptionLayer, type ResolvedOptions } from './options.js';
import type { RenderedFile } from './render.js';

/** What to generate for one service folder. */
export interface PlanRequest {
  /** Service folder relative to the project root (`.` for the root). */
  path: string;
  /**
   * Build context relative to the project root, when it is not the service folder: a folder that holds
   * it (a workspace root). The detector then also sees that root, and the `.dockerignore` is written
   * as `Dockerfile.dockerignore` beside the Dockerfile (BuildKit reads it for that Dockerfile).
   */
  context?: string;
  /** Stack id (picked from the catalog by the lock and range), or a stack already loaded. */
  stack: string | LoadedStack;
  /** Semver range the stack must satisfy (config `version` or `add id@range`). */
  range?: string;
  /** The config's options for this service, as a layer naming the file and pointer. */
  config?: OptionLayer;
  /** `--set key=value` flags (parsed here, once, by the stack's schema), or values already typed (a fixture's `set`). */
  set?: readonly string[] | Record<string, unknown>;
  /** Test-kit overrides above every other layer, kept out of the header (see {@link OptionInputs.harness}). */
  harness?: Record<string, unknown>;
  /** The lock's entry for this folder, when there is one. */
  locked?: LockedService;
  /** A detection verdict already made for this folder and stack (skips running the detector again). */
  choice?: StackChoice;
}

/** A request built from a context other than its folder: that context and the folder relative to it. */
export function builtFrom(request: { path: string; context?: string }): { context: string; member: string } | undefined {
  const context = request.context ?? request.path;
  if (context === request.path) return undefined;
  const member = path.posix.relative(context === '.' ? '' : context, request.path);
  if (member === '' || member.startsWith('..') || path.posix.isAbsolute(member))
    throw new DockstackError('E_CONFIG', `Service ${request.path}: its build context ${context} does not hold the service folder`, {
      hint: 'Set "context" to a folder that contains the service folder (e.g. "." for the workspace root), or remove it.',
    });
  return { context, member };
}

/** What {@link detectFor} is given for a request built from a context above its folder: that context (absolute, contained) and the folder in it. */
export function detectionWorkspace(
  root: string,
  request: { path: string; context?: string },
): { root: string; member: string } | undefined {
  const from = builtFrom(request);
  if (from === undefined) return undefined;
  return { root: containedDir(root, from.context, { code: 'E_CONFIG', what: 'Service build context' }), member: from.member };
}

/** One service planned: the files, the options and their sources, and its new lock entry. */
export interface ServicePlan {
  path: string;
  /** The build context when it is not the service folder (see {@link PlanRequest.context}). */
  context?: string;
  choice: StackChoice;
  options: ResolvedOptions;
  /** Rendered files, paths relative to the service folder. */
  files: RenderedFile[];
  entry: LockedService;
  /** True when the locked version and options were reused, so the output is byte-identical to the lock's. */
  fromLock: boolean;
  /** Values a person chose (`--set` and prompt answers), to be saved in the config. */
  chosen: Record<string, unknown>;
}

/** Asks a person about important options (`keys`: the ones nobody decided; may be empty); the CLI supplies it, core never prompts. */
export type AskFn = (choice: StackChoice, keys: string[]) => Promise<Record<string, unknown>>;

/** Where a plan runs: the project root, the generator version for headers, the installed stacks and an optional prompt. */
export interface PlanContext {
  root: string;
  generatorVersion: string;
  /** Needed when a request names its stack by id. */
  catalog?: StackCatalog;
  ask?: AskFn;
}

/**
 * The stack version a service uses: the locked version when it satisfies the range (E_LOCK when it
 * is not installed), else the newest installed version satisfying the range.
 */
export function pickStack(
  catalog: StackCatalog,
  request: { path: string; stack: string; range?: string; locked?: LockedService },
): LoadedStack {
  const { locked, range } = request;
  if (locked !== undefined && locked.stack === request.stack && (range === undefined || semver.satisfies(locked.version, range))) {
    return lockedStack(catalog, request.path, locked);
  }
  return catalog.get(range === undefined ? request.stack : `${request.stack}@${range}`);
}

/** Runs a stack's own detector on a service folder, for its option proposals (`workspace`: see {@link DetectOptions}). */
export async function detectFor(stack: LoadedStack, dir: string, workspace?: { root: string; member: string }): Promise<StackChoice> {
  if (stack.detectorPath === undefined) return { stack };
  const detection = await detectStacks([stack], dir, workspace === undefined ? {} : { workspace });
  const candidate = detection.candidates[0];
  return { stack, detection, ...(candidate === undefined ? {} : { candidate }) };
}

/** `init`: detect with every installed stack and take the most confident candidate. */
export async function chooseByDetection(catalog: StackCatalog, cwd: string): Promise<StackChoice> {
  const detection = await detectStacks(catalog.latest(), cwd);
  const best = detection.candidates[0];
  if (best === undefined) {
    const seen = detection.unsupported.map((e) => `${e.file}: ${e.says}. `).join('');
    throw new DockstackError('E_DETECT_NONE', `No stack recognised the project in ${cwd}`, {
      hint: `${seen}Name the stack instead: dockstack add <stack> (available: ${catalog.ids().join(', ')}).`,
      data: { problems: detection.problems },
    });
  }
  return { stack: best.stack, candidate: best, detection };
}

function pick(request: PlanRequest, context: PlanContext): LoadedStack {
  if (typeof request.stack !== 'string') return request.stack;
  if (context.catalog === undefined) throw new Error(`plan: stack "${request.stack}" named by id without a catalog`);
  return pickStack(context.catalog, { ...request, stack: request.stack });
}

/**
 * The one generation pipeline, used by init, add, upgrade and the test kit: pick the stack
 * version, detect (the stack's own detector on the service folder), resolve options (schema
 * defaults < detection < config < prompt < --set < harness), render, and make the lock entry.
 * When the locked version is used and the options equal the locked ones, the locked header facts
 * are reused so the output is byte-identical to what the lock recorded. Reads only.
 */
export async function plan(request: PlanRequest, context: PlanContext): Promise<ServicePlan> {
  const stack = request.choice?.stack ?? pick(request, context);
  const dir = containedDir(context.root, request.path, { code: 'E_CONFIG', what: 'Service folder' });
  const from = builtFrom(request);
  const choice = request.choice ?? (await detectFor(stack, dir, detectionWorkspace(context.root, request)));
  const set = Array.isArray(request.set)
    ? parseSetFlags(stack.schema, request.set)
    : { ...(request.set as Record<string, unknown> | undefined) };
  const inputs: OptionInputs = {
    set,
    ...(request.config === undefined ? {} : { config: request.config }),
    ...(request.harness === undefined ? {} : { harness: request.harness }),
  };
  let prompted: Record<string, unknown> = {};
  // Asked even when nothing is undecided: the CLI also offers the detected important values for a confirmation.
  if (context.ask !== undefined) {
    const keys = undecidedImportant(stack, resolveOptions(stack.schema, optionLayers(choice, inputs)));
    prompted = await context.ask(choice, keys);
  }
  const layers = optionLayers(choice, { ...inputs, prompted });
  const generated = generate(stack, layers, context.generatorVersion, {
    path: request.path,
    ...(from === undefined ? {} : { context: from.context }),
    ...(request.locked === undefined ? {} : { locked: request.locked }),
  });
  const { options, meta, asLocked } = generated;
  // A pinned project stays pinned: the locked digests are written again (`dockstack pin` refreshes them).
  const digests = request.locked?.digests;
  const pinned = pinRendered(generated.files, digests);
  // Built from a context above the folder: the ignore file goes beside the Dockerfile, named for it.
  const files = from === undefined ? pinned : builtFromAbove(pinned);
  const entry = {
    ...lockEntry(stack, options.values, files, { generator: meta.generatorVersion, regenerate: meta.regenerate }),
    ...(digests === undefined ? {} : { digests }),
  };
  return {
    path: request.path,
    ...(from === undefined ? {} : { context: from.context }),
    choice,
    options,
    files,
    entry,
    fromLock: asLocked && isDeepStrictEqual(entry, request.locked),
    chosen: { ...set, ...prompted },
  };
}
