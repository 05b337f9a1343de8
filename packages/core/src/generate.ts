import type { Candidate, DetectionReport } from './detect.js';
import type { LoadedStack } from './loader.js';
import { canonicalJson, type LockedService } from './lock.js';
import { isChosen, resolveOptions, type OptionLayer, type ResolvedOptions } from './options.js';
import { render, type RenderedFile, type RenderMeta } from './render.js';
import { withImagePolicy } from './image-policy.js';
import { pinRendered } from './pin.js';

/** The stack chosen for a project, and why. */
export interface StackChoice {
  stack: LoadedStack;
  /** The detector's verdict for this stack, when detection ran or the stack has a detector. */
  candidate?: Candidate;
  detection?: DetectionReport;
}

/** The option layers above detection, each already parsed (see {@link optionLayers}). */
export interface OptionInputs {
  /** The config's options for the service, naming the file and pointer. */
  config?: OptionLayer;
  /** Values answered at a prompt. */
  prompted?: Record<string, unknown>;
  /** `--set` values, parsed once by the option's type (see `parseSetFlags`). */
  set?: Record<string, unknown>;
  /** The test kit's overrides (e.g. the engine tier's `syntax=false`): nobody's choice, so kept out of the header. */
  harness?: Record<string, unknown>;
}

/** Option layers in precedence order: detection < config < prompts < --set flags < harness. */
export function optionLayers(choice: StackChoice, inputs: OptionInputs): OptionLayer[] {
  const layers: OptionLayer[] = [];
  const add = (source: OptionLayer['source'], values: Record<string, unknown> | undefined): void => {
    if (values !== undefined && Object.keys(values).length > 0) layers.push({ source, values });
  };
  if (choice.candidate !== undefined) layers.push({ source: 'detection', values: choice.candidate.result.options });
  if (inputs.config !== undefined) layers.push(inputs.config);
  add('prompt', inputs.prompted);
  add('flag --set', inputs.set);
  add('harness', inputs.harness);
  return layers;
}

/** Important options nobody decided (still at their default): the ones worth a prompt. */
export function undecidedImportant(stack: LoadedStack, resolved: ResolvedOptions): string[] {
  return Object.entries(stack.schema.properties)
    .filter(([key, prop]) => prop['x-important'] === true && resolved.sources[key] === 'default')
    .map(([key]) => key);
}

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * The regenerate command printed in headers: flags only for values a person chose; `--path` for a
 * service below the root, `--context` for one built from a context above its folder.
 */
export function regenerateCommand(stack: LoadedStack, resolved: ResolvedOptions, servicePath = '.', context?: string): string {
  const sets = Object.entries(resolved.sources)
    .filter(([, source]) => isChosen(source))
    .map(([key]) => {
      const value = resolved.values[key];
      const text = Array.isArray(value) ? value.join(',') : String(value);
      return ` --set ${/^[\w.,:/@^~+-]*$/.test(text) ? `${key}=${text}` : quote(`${key}=${text}`)}`;
    })
    .join('');
  const at = servicePath === '.' ? '' : ` --path ${/^[\w./@+-]+$/.test(servicePath) ? servicePath : quote(servicePath)}`;
  const from =
    context === undefined || context === servicePath ? '' : ` --context ${/^[\w./@+-]+$/.test(context) ? context : quote(context)}`;
  return `dockstack add ${stack.id}${at}${from}${sets} --force`;
}

/** The header facts a lock entry recorded, so a locked render is byte-identical to the first one. */
export function lockedMeta(locked: LockedService): RenderMeta {
  return { generatorVersion: locked.generator, regenerate: locked.regenerate };
}

/** Renders a service exactly as its lock entry recorded it: locked options and header facts. */
export function renderLocked(stack: LoadedStack, locked: LockedService): RenderedFile[] {
  // A pinned service stays pinned: the locked digests are written into the base image references.
  const files = pinRendered(render(stack, locked.options, lockedMeta(locked)), locked.digests);
  // A service built from a context above its folder recorded its ignore file under the name BuildKit reads beside the Dockerfile.
  return locked.files[CONTEXT_IGNORE_FILE] === undefined ? files : builtFromAbove(files);
}

/** A service's files when it is built from a context above its folder: its `.dockerignore` named for its Dockerfile. */
export function builtFromAbove(files: RenderedFile[]): RenderedFile[] {
  return files.map((f) => (f.path === '.dockerignore' ? { ...f, path: CONTEXT_IGNORE_FILE } : f));
}

/** The ignore file of a service built from a context above its folder: BuildKit reads `<Dockerfile>.dockerignore` beside the Dockerfile. */
export const CONTEXT_IGNORE_FILE = 'Dockerfile.dockerignore';

/** True when `stack` and `options` are the ones a lock entry recorded. */
export function matchesLock(stack: LoadedStack, options: ResolvedOptions, locked: LockedService | undefined): locked is LockedService {
  return (
    locked !== undefined &&
    locked.stack === stack.id &&
    locked.version === stack.version &&
    canonicalJson(locked.options) === canonicalJson(options.values)
  );
}

export interface Generation {
  stack: LoadedStack;
  options: ResolvedOptions;
  files: RenderedFile[];
  /** The header facts printed (the lock's when {@link matchesLock}). */
  meta: RenderMeta;
  /** True when the lock's version and options were reused, so the header is the lock's. */
  asLocked: boolean;
}

/**
 * Resolves the layers and renders: the one "layers, resolve, render" step. With a lock entry
 * that names this stack version and the same options, the locked header facts are reused so
 * the output is byte-identical to what the lock recorded. Pure apart from the stack in memory.
 */
export function generate(
  stack: LoadedStack,
  layers: readonly OptionLayer[],
  generatorVersion: string,
  at: { path?: string; context?: string; locked?: LockedService } = {},
): Generation {
  const options = withImagePolicy(stack, resolveOptions(stack.schema, layers));
  const asLocked = matchesLock(stack, options, at.locked);
  const meta =
    asLocked && at.locked !== undefined
      ? lockedMeta(at.locked)
      : { generatorVersion, regenerate: regenerateCommand(stack, options, at.path, at.context) };
  return { stack, options, files: render(stack, options.values, meta), meta, asLocked };
}
