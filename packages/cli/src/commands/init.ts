import { Flags } from '@oclif/core';
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
import { frozenFlag, isFrozen, printSummary, projectReport, runProjectFlow } from '../generate-flow.js';
import { loadCatalog } from '../stacks.js';

export default class Init extends BaseCommand {
  static override writesProject = true;
  static override summary = 'Detect the project stack (or each service of a monorepo) and write Dockerfiles, the config and the lock.';
  static override description =
    'Reads the project (read-only, bounded), shows the evidence, resolves options (schema defaults < detection < config < --set), and writes the files atomically with the config (.dockstackrc.json unless the project has one) and dockstack.lock.json. With a config, its services are regenerated (the locked versions reproduce byte-identical files). In a monorepo (workspaces, go.work, Cargo workspace, or sub-folders with their own manifest) it offers one Dockerfile per service (all of them with --yes) and writes compose.yaml and docker-bake.hcl. Existing files that differ are never overwritten without --force (or a yes at the prompt in a terminal).';
  static override examples = [
    '<%= config.bin %> init',
    '<%= config.bin %> init --yes --json --cwd ./my-app',
    '<%= config.bin %> init --dry-run',
    '<%= config.bin %> init --frozen',
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
    ...pinFlags,
  };

  private async discover(catalog: StackCatalog, root: string, interactive: boolean): Promise<Array<{ path: string; choice: StackChoice }>> {
    const found = await initServices(catalog, root);
    if (!found.offer || !interactive) return found.services;
    const { checkbox } = await import('@inquirer/prompts');
    const chosen = await checkbox({
      message: 'Generate a Dockerfile for which services?',
      choices: found.services.map((s) => ({ value: s, name: `${s.path}  (${s.choice.stack.id}, via ${s.via ?? ''})`, checked: true })),
    });
    if (chosen.length === 0) throw new DockstackError('E_USAGE', 'No service chosen; nothing was written');
    return chosen;
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Init);
    this.jsonOutput = flags.json;
    const root = resolveCwd(flags.cwd);
    const catalog = await loadCatalog();
    const state = await readProjectState(root, { code: flags['config-code'] ? 'run' : 'refuse' });
    const flow = {
      cwd: root,
      yes: flags.yes,
      force: flags.force,
      dryRun: flags['dry-run'],
      json: flags.json,
      interactive: this.interactive(flags.yes) && !flags.json,
      frozen: isFrozen(flags.frozen, state.lock !== undefined),
    };
    const targets =
      (state.loaded?.config.stacks.length ?? 0) > 0
        ? configTargets(state, flags.set ?? [])
        : detectedTargets(state, await this.discover(catalog, root, flow.interactive), flags.set ?? []);
    const result = await runProjectFlow(catalog, state, targets, flow, (l) => this.log(l), { keepOtherServices: false });
    const pinned =
      flags['pin-digests'] && !flags['dry-run'] ? (await pinWritten(state.root, flags['registry-url'])).result.pinned : undefined;
    if (flags.json) this.printJson({ ...projectReport('init', state, result, flow), ...(pinned === undefined ? {} : { pinned }) });
    else printSummary(result, flow, (l) => this.log(l));
    for (const p of pinned ?? []) this.log(`pinned      ${p.service}: ${p.ref}@${p.digest}`);
  }
}
