import path from 'node:path';
import { Args, Flags } from '@oclif/core';
import { DockstackError, configLayer, containedDir, loadConfig, parseStackRef, readLock, renderService, servicePath, type ServiceConfig } from '@dockstack/core';
import { BaseCommand, configCodeFlag, projectFlags, resolveCwd } from '../base-command.js';
import { frozenFlag, isFrozen, printSummary, projectReport, runProjectFlow, type ProjectState, type ServiceTarget } from '../generate-flow.js';
import { CLI_VERSION, loadCatalog } from '../stacks.js';

/** The service folder from --path: relative, inside the project, existing. */
function servicePathFlag(root: string, raw: string): string {
  const at = servicePath({ path: raw.replace(/\\/g, '/') });
  if (path.isAbsolute(raw) || at.split('/').includes('..')) {
    throw new DockstackError('E_USAGE', `--path ${raw} is not a folder inside the project`, { hint: 'Give the service folder relative to --cwd, e.g. --path services/api.' });
  }
  // every component checked: a symlink anywhere on the way out of the project is refused
  containedDir(root, at, { code: 'E_USAGE', what: '--path', hint: 'Give a real folder inside the project, relative to --cwd, e.g. --path services/api.' });
  return at;
}

export default class Add extends BaseCommand {
  static override writesProject = true;
  static override summary = 'Generate the Dockerfile and .dockerignore of a named stack, and record it in the config and lock.';
  static override description =
    "Like init, but you name the stack (optionally with a semver range: node@^0.1, saved in the config). The stack's detector still proposes values for this project; config options and --set override them, and --set values are saved in the config. --path puts the service in a sub-folder (several services get compose.yaml and docker-bake.hcl).";
  static override examples = [
    '<%= config.bin %> add node',
    '<%= config.bin %> add node@^0.1 --set nodeVersion=22 --yes',
    '<%= config.bin %> add python --path services/api',
    '<%= config.bin %> add node --stdout > Dockerfile.preview',
  ];
  static override args = {
    stack: Args.string({ description: 'Stack id, optionally with @range.', required: true }),
  };
  static override flags = {
    ...projectFlags,
    'config-code': configCodeFlag,
    path: Flags.string({ description: 'Service folder, relative to --cwd (the project root).', default: '.' }),
    set: Flags.string({ description: 'Set an option, key=value (repeatable; saved in the config).', multiple: true, default: [] }),
    yes: Flags.boolean({ char: 'y', description: 'Never prompt; use detected values and defaults.', default: false }),
    force: Flags.boolean({ description: 'Overwrite existing files that differ.', default: false }),
    'dry-run': Flags.boolean({ description: 'Show what would be written (with diffs) and write nothing.', default: false }),
    stdout: Flags.boolean({ description: 'Print the Dockerfile to stdout and write nothing (not even the config or lock).', default: false }),
    frozen: frozenFlag,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Add);
    this.jsonOutput = flags.json;
    const root = resolveCwd(flags.cwd);
    const { id, range } = parseStackRef(args.stack);
    const at = servicePathFlag(root, flags.path);
    const catalog = await loadCatalog();
    const loaded = await loadConfig(root, { code: flags['config-code'] ? 'run' : 'refuse' });
    const lock = await readLock(root);
    const index = loaded?.config.stacks.findIndex((s) => servicePath(s) === at) ?? -1;
    const existing = index >= 0 ? loaded?.config.stacks[index] : undefined;
    const same = existing !== undefined && existing.stack === id;
    const entry: ServiceConfig = same ? { ...existing, ...(range === undefined ? {} : { version: range }) } : { stack: id, ...(range === undefined ? {} : { version: range }), path: at };
    const locked = lock?.services[at];
    const target: ServiceTarget = {
      entry,
      request: {
        path: at,
        stack: id,
        ...(entry.version === undefined ? {} : { range: entry.version }),
        ...(same && loaded !== undefined ? { config: configLayer(loaded, index) } : {}),
        set: flags.set,
        ...(locked !== undefined && locked.stack === id ? { locked } : {}),
      },
    };
    if (flags.stdout) {
      const render = await renderService(catalog, root, target.request, CLI_VERSION);
      const dockerfile = render.files.find((f) => f.path === 'Dockerfile') ?? render.files[0];
      process.stdout.write(dockerfile?.content ?? '');
      return;
    }
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
    const result = await runProjectFlow(catalog, state, [target], flow, (l) => this.log(l), { keepOtherServices: true });
    if (flags.json) this.printJson(projectReport('add', state, result, flow));
    else printSummary(result, flow, (l) => this.log(l));
  }
}
