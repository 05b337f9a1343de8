import {
  DockstackError,
  detectFor,
  optionLayers,
  parseSetFlags,
  resolveOptions,
  type LoadedStack,
  type OptionProperty,
  type StackCatalog,
  type StackChoice,
} from '@dockstack/core';

/** Detection is "unsure" below this confidence, or when a runner-up is this close to the best. */
const SURE = 0.7;
const CLOSE = 0.1;

/** True when a person should pick the stack: the best candidate is weak or closely followed. */
export function detectionUnsure(choice: StackChoice): boolean {
  const candidates = choice.detection?.candidates ?? [];
  const best = candidates[0]?.result.confidence ?? choice.candidate?.result.confidence ?? 0;
  const next = candidates[1]?.result.confidence;
  return best < SURE || (next !== undefined && best - next < CLOSE);
}

/**
 * The stack picker of an interactive `init`: detected candidates first (with their confidence),
 * then every other installed stack. Returns the chosen stack's verdict for the folder.
 */
export async function pickStackInteractively(
  catalog: StackCatalog,
  dir: string,
  detected: StackChoice | undefined,
  safe: (text: string) => string,
): Promise<StackChoice> {
  const { select } = await import('@inquirer/prompts');
  const candidates = detected?.detection?.candidates ?? [];
  const listed = new Set(candidates.map((c) => c.stack.id));
  const choices = [
    ...candidates.map((c) => ({
      value: c.stack.id,
      name: `${c.stack.id}  ${safe(c.stack.displayName)} (detected, confidence ${c.result.confidence.toFixed(2)})`,
    })),
    ...catalog
      .latest()
      .filter((s) => !listed.has(s.id))
      .map((s) => ({ value: s.id, name: `${s.id}  ${safe(s.displayName)}` })),
  ];
  const message =
    candidates.length === 0
      ? 'No stack recognised this folder. Which stack should dockstack use?'
      : 'Detection is not sure. Which stack is it?';
  const id = await select({ message, choices, pageSize: Math.min(choices.length, 12) });
  const candidate = candidates.find((c) => c.stack.id === id);
  if (candidate !== undefined && detected?.detection !== undefined)
    return { stack: candidate.stack, candidate, detection: detected.detection };
  return detectFor(catalog.get(id), dir);
}

/** Why an answer is refused (shown under the prompt, which asks again), or true when it is valid. */
export function checkAnswer(stack: LoadedStack, base: Record<string, unknown>, key: string, text: string): string | true {
  try {
    const value = parseSetFlags(stack.schema, [`${key}=${text}`])[key];
    resolveOptions(stack.schema, [{ source: 'prompt', values: { ...base, [key]: value } }]);
    return true;
  } catch (error) {
    if (!(error instanceof DockstackError)) throw error;
    const hint = error.details.hint === undefined ? '' : ` ${error.details.hint}`;
    return `${error.message.replace(/ \(from prompt\)/, '')}.${hint}`.replace(/\.\./g, '.');
  }
}

function example(prop: OptionProperty): string {
  const x = (prop as { 'x-example'?: unknown })['x-example'];
  return x === undefined ? '' : ` (e.g. ${String(x)})`;
}

/**
 * Asks for a stack's important options, each pre-filled with its detected value (or its default),
 * validated as it is typed against the stack's schema: a bad answer is explained and asked again.
 * Returns the answers that differ from what detection proposed, plus every answer to an undecided
 * option (those are a person's choice and are saved in the config).
 */
export async function askImportant(
  choice: StackChoice,
  undecided: readonly string[],
  decidedElsewhere: ReadonlySet<string>,
): Promise<Record<string, unknown>> {
  const schema = choice.stack.schema;
  const detected = choice.candidate?.result.options ?? {};
  const keys = Object.entries(schema.properties)
    .filter(([key, prop]) => undecided.includes(key) || (prop['x-important'] === true && key in detected && !decidedElsewhere.has(key)))
    .map(([key]) => key);
  if (keys.length === 0) return {};
  const { confirm, input, select } = await import('@inquirer/prompts');
  const current = resolveOptions(schema, optionLayers(choice, {})).values;
  const answers: Record<string, unknown> = {};
  for (const key of keys) {
    const prop = schema.properties[key] as OptionProperty;
    // the description's first clause: the whole text is in `dockstack stacks info`
    const message = `${key}: ${
      prop.description
        .replace(/\s+/g, ' ')
        .trim()
        .split(/(?<=\S)(?:[.;:] |\.$)/)[0] ?? ''
    }`;
    const prefilled = current[key];
    let value: unknown;
    if (Array.isArray(prop.enum)) {
      value = await select({ message, choices: prop.enum.map((v) => ({ value: v, name: String(v) })), default: prefilled });
    } else if (prop.type === 'boolean') {
      value = await confirm({ message, default: prefilled === true });
    } else {
      const base = { ...current, ...answers };
      const text = await input({
        message: `${message}${example(prop)}`,
        ...(prefilled === undefined ? {} : { default: Array.isArray(prefilled) ? prefilled.join(',') : String(prefilled) }),
        validate: (t) => checkAnswer(choice.stack, base, key, t),
      });
      value = parseSetFlags(schema, [`${key}=${text}`])[key];
    }
    const fromDetection = key in detected && !undecided.includes(key);
    if (!fromDetection || JSON.stringify(value) !== JSON.stringify(detected[key])) answers[key] = value;
  }
  return answers;
}

/** True for the error a prompt throws when a person presses Ctrl-C (or closes the terminal). */
export function promptCancelled(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}

/** Says a run was cancelled at a prompt (nothing is written before the last prompt) and exits 130, as a shell does for Ctrl-C. */
export function reportCancelled(): void {
  process.stderr.write('Cancelled: nothing was written.\n');
  process.exitCode = 130;
}
