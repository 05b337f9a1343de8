import type { Candidate, DetectionReport } from './detect.js';
import { detectStacks } from './detect.js';
import { DockstackError } from './errors.js';
import type { LoadedStack } from './loader.js';
import type { StackCatalog } from './catalog.js';
import { parseSetFlags, resolveOptions, type OptionLayer, type ResolvedOptions } from './options.js';
import { render, type RenderedFile } from './render.js';
import { withImagePolicy } from './image-policy.js';

/** The stack chosen for a project, and why. */
export interface StackChoice {
  stack: LoadedStack;
  /** The detector's verdict for this stack, when detection ran or the stack has a detector. */
  candidate?: Candidate;
  detection?: DetectionReport;
}

/** `init`: detect and take the most confident candidate. */
export async function chooseByDetection(catalog: StackCatalog, cwd: string): Promise<StackChoice> {
  const detection = await detectStacks(catalog.latest(), cwd);
  const best = detection.candidates[0];
  if (best === undefined) {
    throw new DockstackError('E_DETECT_NONE', `No stack recognised the project in ${cwd}`, {
      hint: `Name the stack instead: dockstack add <stack> (available: ${catalog.ids().join(', ')}).`,
      data: { problems: detection.problems },
    });
  }
  return { stack: best.stack, candidate: best, detection };
}

/** `add <stack>`: the named stack, with its detector's proposals for this project when it has one. */
export async function chooseByName(catalog: StackCatalog, ref: string, cwd: string): Promise<StackChoice> {
  const stack = catalog.get(ref);
  if (stack.detectorPath === undefined) return { stack };
  const detection = await detectStacks([stack], cwd);
  const candidate = detection.candidates[0];
  return { stack, detection, ...(candidate === undefined ? {} : { candidate }) };
}

/** Option layers in precedence order: detection < config < prompts < --set flags. */
export function optionLayers(choice: StackChoice, extra: { config?: OptionLayer; prompted?: Record<string, unknown>; set?: readonly string[] }): OptionLayer[] {
  const layers: OptionLayer[] = [];
  if (choice.candidate !== undefined) layers.push({ source: 'detection', values: choice.candidate.result.options });
  if (extra.config !== undefined) layers.push(extra.config);
  if (extra.prompted !== undefined) layers.push({ source: 'prompt', values: extra.prompted });
  if (extra.set !== undefined && extra.set.length > 0) layers.push({ source: 'flag --set', values: parseSetFlags(choice.stack.schema, extra.set) });
  return layers;
}

/** Important options nobody decided (still at their default): the ones worth a prompt. */
export function undecidedImportant(stack: LoadedStack, resolved: ResolvedOptions): string[] {
  return Object.entries(stack.schema.properties)
    .filter(([key, prop]) => prop['x-important'] === true && resolved.sources[key] === 'default')
    .map(([key]) => key);
}

/** The regenerate command printed in headers: flags only for values a user chose. */
export function regenerateCommand(stack: LoadedStack, resolved: ResolvedOptions): string {
  const sets = Object.entries(resolved.sources)
    .filter(([, source]) => source === 'flag --set' || source === 'prompt')
    .map(([key]) => {
      const value = resolved.values[key];
      const text = Array.isArray(value) ? value.join(',') : String(value);
      return /^[\w.,:/@^~+-]*$/.test(text) ? ` --set ${key}=${text}` : ` --set '${key}=${text.replace(/'/g, `'\\''`)}'`;
    })
    .join('');
  return `dockstack add ${stack.id}${sets} --force`;
}

export interface Generation {
  stack: LoadedStack;
  options: ResolvedOptions;
  files: RenderedFile[];
}

/** Resolves options and renders. Pure apart from the stack already in memory. */
export function generate(stack: LoadedStack, layers: readonly OptionLayer[], generatorVersion: string): Generation {
  const options = withImagePolicy(stack, resolveOptions(stack.schema, layers));
  const files = render(stack, options.values, { generatorVersion, regenerate: regenerateCommand(stack, options) });
  return { stack, options, files };
}
