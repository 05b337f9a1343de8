import { checkbox } from '@inquirer/prompts';
import { Flags } from '@oclif/core';
import {
  DockstackError,
  chooseByDetection,
  configLayer,
  discoverServices,
  loadConfig,
  readLock,
  servicePath,
  workspacePatterns,
  type DiscoveredService,
  type StackCatalog,
  type StackChoice,
} from '@dockstack/core';
import { BaseCommand, configCodeFlag, projectFlags, resolveCwd } from '../base-command.js';
import { frozenFlag, isFrozen, printSummary, projectReport, runProjectFlow, type ProjectState, type ServiceTarget } from '../generate-flow.js';
import { loadCatalog } from '../stacks.js';

async function rootChoice(catalog: StackCatalog, root: string): Promise<{ choice?: StackChoice; error?: DockstackError }> {
  try {
    return { choice: await chooseByDetection(catalog, root) };
  } catch (error) {
    if (error instanceof DockstackError && error.code === 'E_DETECT_NONE') return { error };
    throw error;
  }
}

export default class Init extends BaseCommand {
  static override writesProject = true;
  static override summary = 'Detect the project stack (or each service of a monorepo) and write Dockerfiles, the config and the lock.';
  static override description =
    'Reads the project (read-only, bounded), shows the evidence, resolves options (schema defaults < detection < config < --set), and writes the files atomically with the config (.dockstackrc.json unless the project has one) and dockstack.lock.json. With a config, its services are regenerated (the locked versions reproduce byte-identical files). In a monorepo (workspaces, go.work, Cargo workspace, or sub-folders with their own manifest) it offers one Dockerfile per service (all of them with --yes) and writes compose.yaml and docker-bake.hcl. Existing files that differ are never overwritten without --force (or a yes at the prompt in a terminal).';
  static override examples = ['<%= config.bin %> init', '<%= config.bin %> init --yes --json --cwd ./my-app', '<%= config.bin %> init --dry-run', '<%= config.bin %> init --frozen'];
  static override flags = {
    ...projectFlags,
    'config-code': configCodeFlag,
    yes: Flags.boolean({ char: 'y', description: 'Never prompt; use detected values and defaults (and every detected service).', default: false }),
    force: Flags.boolean({ description: 'Overwrite existing files that differ.', default: false }),
    'dry-run': Flags.boolean({ description: 'Show what would be written (with diffs) and write nothing.', default: false }),
    set: Flags.string({ description: 'Set an option, key=value (repeatable; saved in the config).', multiple: true, default: [] }),
    frozen: frozenFlag,
  };

  private async discover(catalog: StackCatalog, state: ProjectState, interactive: boolean): Promise<Array<{ path: string; choice: StackChoice }>> {
    const root = state.root;
    const atRoot = await rootChoice(catalog, root);
    const workspaces = await workspacePatterns(root);
    if (atRoot.choice !== undefined && workspaces.length === 0) return [{ path: '.', choice: atRoot.choice }];
    const found = await discoverServices(catalog.latest(), root);
    if (found.services.length === 0) {
      if (atRoot.choice !== undefined) return [{ path: '.', choice: atRoot.choice }];
      throw atRoot.error ?? new DockstackError('E_DETECT_NONE', `No stack recognised the project in ${root}`);
    }
    if (atRoot.choice !== undefined) {
      // go.work and Cargo workspaces are built from the root by their own stack (members depend on
      // each other); npm/pnpm/yarn workspaces are not, and mixed languages never are.
      const rootId = atRoot.choice.stack.id;
      const jsWorkspace = workspaces.some((w) => w.via === 'npm workspaces' || w.via === 'pnpm-workspace.yaml');
      const mixed = found.services.some((s) => s.candidate.stack.id !== rootId);
      if (!jsWorkspace && !mixed) return [{ path: '.', choice: atRoot.choice }];
    }
    let chosen: DiscoveredService[] = found.services;
    if (interactive) {
      chosen = await checkbox({
        message: 'Generate a Dockerfile for which services?',
        choices: found.services.map((s) => ({ value: s, name: `${s.path}  (${s.candidate.stack.id}, via ${s.via})`, checked: true })),
      });
      if (chosen.length === 0) throw new DockstackError('E_USAGE', 'No service chosen; nothing was written');
    }
    return chosen.map((s) => ({ path: s.path, choice: { stack: s.candidate.stack, candidate: s.candidate } }));
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Init);
    this.jsonOutput = flags.json;
    const root = resolveCwd(flags.cwd);
    const catalog = await loadCatalog();
    const loaded = await loadConfig(root, { code: flags['config-code'] ? 'run' : 'refuse' });
    const lock = await readLock(root);
    const state: ProjectState = { root, ...(loaded === undefined ? {} : { loaded }), ...(lock === undefined ? {} : { lock }) };
    const flow = {
      cwd: root,
      yes: flags.yes,
      force: flags.force,
      dryRun: flags['dry-run'],
      json: flags.json,
      interactive: this.interactive(flags.yes) && !flags.json,
      set: flags.set,
      frozen: isFrozen(flags.frozen),
    };
    let targets: ServiceTarget[];
    if (loaded !== undefined && loaded.config.stacks.length > 0) {
      targets = loaded.config.stacks.map((entry, i) => {
        const at = servicePath(entry);
        const locked = lock?.services[at];
        return {
          entry,
          request: {
            path: at,
            stack: entry.stack,
            ...(entry.version === undefined ? {} : { range: entry.version }),
            config: configLayer(loaded, i),
            set: flags.set,
            ...(locked === undefined ? {} : { locked }),
          },
        };
      });
    } else {
      const found = await this.discover(catalog, state, flow.interactive);
      targets = found.map(({ path: at, choice }) => {
        const locked = lock?.services[at];
        const useLock = locked !== undefined && locked.stack === choice.stack.id;
        return {
          entry: { stack: choice.stack.id, path: at },
          request: { path: at, stack: choice.stack.id, set: flags.set, ...(useLock ? { locked } : { choice }) },
        };
      });
    }
    const result = await runProjectFlow(catalog, state, targets, flow, (l) => this.log(l), { keepOtherServices: false });
    if (flags.json) this.printJson(projectReport('init', state, result, flow));
    else printSummary(result, flow, (l) => this.log(l));
  }
}
