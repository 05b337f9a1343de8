import path from 'node:path';
import { Flags, type Interfaces } from '@oclif/core';
import {
  DockstackError,
  configTargets,
  detectedTargets,
  initServices,
  readProjectState,
  type StackCatalog,
  type StackChoice,
} from '@dockstack/core';
import { BaseCommand, configCodeFlag, projectFlags, resolveCwd } from '../base-command.js';
import { pinFlags, pinWritten } from '../pin-flow.js';
import { ciFlag, frozenFlag, isFrozen, printEvidence, printSummary, projectReport, runProjectFlow } from '../generate-flow.js';
import { loadProjectCatalog, offlineFlag } from '../stacks.js';
import { Progress, spinnerWanted } from '../ui/progress.js';
import { detectionUnsure, pickStackInteractively, promptCancelled, reportCancelled } from '../ui/prompts.js';
import { stdoutPrinter } from '../ui/style.js';

export default class Init extends BaseCommand {
  static override writesProject = true;
  static override summary = 'Detect the project stack (or each service of a monorepo) and write Dockerfiles, the config and the lock.';
  static override description =
    'Reads the project (read-only, bounded), shows the evidence, resolves options (schema defaults < detection < config < --set), and writes the files atomically with the config (.dockstackrc.json unless the project has one) and dockstack.lock.json. With a config, its services are regenerated (the locked versions reproduce byte-identical files). In a monorepo (workspaces, go.work, Cargo workspace, or sub-folders with their own manifest) it offers one Dockerfile per service (all of them with --yes; an npm/pnpm workspace whose root package.json has a start script is an app too, so the root gets one first) and writes compose.yaml and docker-bake.hcl. Existing files that differ are never overwritten without --force (or a yes at the prompt in a terminal).';
  static override examples = [
    '<%= config.bin %> init',
    '<%= config.bin %> init --yes --json --cwd ./my-app',
    '<%= config.bin %> init --dry-run',
    '<%= config.bin %> init --frozen',
    '<%= config.bin %> init --ci --yes',
  ];
  static override flags = {
    ...projectFlags,
    'config-code': configCodeFlag,
    yes: Flags.boolean({
      char: 'y',
      description: 'Never prompt; use detected values and defaults (and every detected service).',
      default: false,
    }),
    force: Flags.boolean({ description: 'Overwrite existing files that differ.', default: false }),
    'dry-run': Flags.boolean({ description: 'Show what would be written (with diffs) and write nothing.', default: false }),
    set: Flags.string({
      description: 'Set an option, key=value (repeatable: --set a=1 --set b=2; saved in the config).',
      multiple: true,
      multipleNonGreedy: true,
    }),
    frozen: frozenFlag,
    ci: ciFlag,
    offline: offlineFlag,
    ...pinFlags,
  };

  /** The services to generate: detected (under a spinner), picked by a person when detection is unsure or empty. */
  private async discover(
    catalog: StackCatalog,
    root: string,
    interactive: boolean,
    progress: Progress,
  ): Promise<Array<{ path: string; choice: StackChoice; context?: string }>> {
    const found = await progress
      .step('Detecting the stack', () => initServices(catalog, root))
      .catch((error: unknown) => {
        if (interactive && error instanceof DockstackError && error.code === 'E_DETECT_NONE') return undefined;
        throw error;
      });
    if (!interactive) return (found as NonNullable<typeof found>).services;
    const safe = stdoutPrinter().style.safe;
    if (found === undefined) return [{ path: '.', choice: await pickStackInteractively(catalog, root, undefined, safe) }];
    const only = found.services[0];
    if (!found.offer && only !== undefined && detectionUnsure(only.choice))
      return [{ path: only.path, choice: await pickStackInteractively(catalog, path.resolve(root, only.path), only.choice, safe) }];
    if (!found.offer) return found.services;
    const { checkbox } = await import('@inquirer/prompts');
    const chosen = await checkbox({
      message: 'Generate a Dockerfile for which services?',
      choices: found.services.map((s) => ({
        value: s,
        name: `${safe(s.path)}  (${s.choice.stack.id}, via ${safe(s.via ?? '')})`,
        checked: true,
      })),
    });
    if (chosen.length === 0) throw new DockstackError('E_USAGE', 'No service chosen; nothing was written');
    return chosen;
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Init);
    this.jsonOutput = flags.json;
    try {
      await this.generate(flags);
    } catch (error) {
      if (!promptCancelled(error)) throw error;
      reportCancelled();
    }
  }

  private async generate(flags: Interfaces.InferredFlags<typeof Init.flags>): Promise<void> {
    const root = resolveCwd(flags.cwd);
    const out = stdoutPrinter(flags.json);
    const progress = new Progress(spinnerWanted(flags.json));
    const state = await readProjectState(root, { code: flags['config-code'] ? 'run' : 'refuse' });
    const catalog = await loadProjectCatalog(state.lock, { offline: flags.offline, note: (l) => this.stderr(`${l}\n`) });
    const flow = {
      cwd: root,
      yes: flags.yes,
      force: flags.force,
      dryRun: flags['dry-run'],
      json: flags.json,
      interactive: this.interactive(flags.yes) && !flags.json,
      frozen: isFrozen(flags.frozen, state.lock !== undefined),
      progress,
      ci: flags.ci,
    };
    // Evidence first: in a terminal it is shown before any option is asked.
    const shown = new Set<string>();
    let targets;
    if ((state.loaded?.config.stacks.length ?? 0) > 0) targets = configTargets(state, flags.set ?? []);
    else {
      const found = await this.discover(catalog, root, flow.interactive, progress);
      if (flow.interactive)
        for (const f of found) {
          printEvidence({ path: f.path, choice: f.choice, fromLock: false }, found.length > 1, out);
          shown.add(f.path);
        }
      targets = detectedTargets(state, found, flags.set ?? []);
    }
    const result = await runProjectFlow(catalog, state, targets, flow, out, { keepOtherServices: false });
    const pinned =
      flags['pin-digests'] && !flags['dry-run'] ? (await pinWritten(state.root, flags['registry-url'])).result.pinned : undefined;
    if (flags.json) this.printJson({ ...projectReport('init', state, result, flow), ...(pinned === undefined ? {} : { pinned }) });
    else printSummary(result, flow, out, shown);
    for (const p of pinned ?? []) this.log(`pinned      ${p.service}: ${p.ref}@${p.digest}`);
  }
}
