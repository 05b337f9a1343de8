import { mounts, stageChain, type Inst, type Model } from '../model.js';
import { shellBody, type ShellBody } from '../shell-body.js';
import { program, shellCommands } from '../shell-words.js';

/** A shell-form RUN with everything the package-manager rules look at. */
export interface RunContext {
  inst: Inst;
  body: ShellBody;
  /** Simple commands, wrappers such as `sudo` removed, program basename first. */
  commands: string[][];
  /** Commands as written (first word may be `sudo`). */
  rawCommands: string[][];
  pipe: boolean;
  /** Targets of `--mount=type=cache`, trailing slashes removed, with their sharing mode. */
  caches: Array<{ target: string; sharing: string }>;
}

/** The shell-form RUNs of the file. */
export function runContexts(model: Model): RunContext[] {
  const out: RunContext[] = [];
  for (const inst of model.insts) {
    if (inst.keyword !== 'RUN') continue;
    const body = shellBody(model, inst);
    if (!body) continue;
    const { commands, pipe } = shellCommands(body.commands);
    const caches = mounts(inst)
      .filter((m) => m.get('type') === 'cache')
      .map((m) => ({
        target: (m.get('target') ?? m.get('dst') ?? m.get('destination') ?? '').replace(/\/+$/, ''),
        sharing: m.get('sharing') ?? 'shared',
      }));
    out.push({ inst, body, commands: commands.map(program).filter((c) => c.length > 0), rawCommands: commands, pipe, caches });
  }
  return out;
}

/** First non-option word after the program (`apt-get -q install x` gives `install`), skipping values of `valued` options. */
export function subcommand(words: string[], valued: string[] = []): { sub: string | undefined; rest: string[] } {
  for (let i = 1; i < words.length; i++) {
    const w = words[i] ?? '';
    if (valued.includes(w)) {
      i++;
      continue;
    }
    if (!w.startsWith('-')) return { sub: w, rest: words.slice(i + 1) };
  }
  return { sub: undefined, rest: [] };
}

/** Positional arguments, skipping options and the values of `valued` options. */
export function positionals(words: string[], valued: string[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    if (valued.includes(w)) i++;
    else if (!w.startsWith('-')) out.push(w);
  }
  return out;
}

/** The SHELL in force for an instruction (its stage, then parent stages), as its JSON words. */
export function shellAt(model: Model, inst: Inst): string[] | undefined {
  for (const stage of stageChain(model, inst.stage)) {
    const shells = stage.insts.filter((i) => i.keyword === 'SHELL' && (stage.index !== inst.stage || i.line < inst.line));
    const last = shells[shells.length - 1];
    if (last) {
      try {
        const parsed: unknown = JSON.parse(last.args.join(' '));
        if (Array.isArray(parsed)) return parsed.map(String);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
