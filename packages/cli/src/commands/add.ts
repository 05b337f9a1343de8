import path from 'node:path';
import { Args, Flags, type Interfaces } from '@oclif/core';
import {
  DockstackError,
  addTarget,
  containedDir,
  detectFor,
  detectionWorkspace,
  missingEvidence,
  parseStackRef,
  pickStack,
  plan,
  readProjectState,
  servicePath,
} from '@dockstack/core';
import { BaseCommand, configCodeFlag, projectFlags, resolveCwd } from '../base-command.js';
import { pinFlags, pinWritten } from '../pin-flow.js';
import { ciFlag, frozenFlag, isFrozen, printSummary, projectReport, runProjectFlow } from '../generate-flow.js';
import { CLI_VERSION, loadCatalog } from '../stacks.js';
import { Progress, spinnerWanted } from '../ui/progress.js';
import { promptCancelled, reportCancelled } from '../ui/prompts.js';
import { stdoutPrinter, styleFor } from '../ui/style.js';

/** The service folder from --path: relative, inside the project, existing. */
function servicePathFlag(root: string, raw: string): string {
  const at = servicePath({ path: raw.replace(/\\/g, '/') });
  if (path.isAbsolute(raw) || at.split('/').includes('..')) {
    throw new DockstackError('E_USAGE', `--path ${raw} is not a folder inside the project`, {
      hint: 'Give the service folder relative to --cwd, e.g. --path services/api.',
    });
  }
  // every component checked: a symlink anywhere on the way out of the project is refused
  containedDir(root, at, {
    code: 'E_USAGE',
    what: '--path',
    hint: 'Give a real folder inside the project, relative to --cwd, e.g. --path services/api.',
  });
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
    context: Flags.string({
      description:
        'Build context, relative to --cwd, when it is not the service folder: a folder holding it, e.g. --context . for a workspace member built from the workspace root (saved in the config).',
    }),
    set: Flags.string({
      description: 'Set an option, key=value (repeatable: --set a=1 --set b=2; saved in the config).',
      multiple: true,
      multipleNonGreedy: true,
    }),
    yes: Flags.boolean({ char: 'y', description: 'Never prompt; use detected values and defaults.', default: false }),
    force: Flags.boolean({ description: 'Overwrite existing files that differ.', default: false }),
    'dry-run': Flags.boolean({ description: 'Show what would be written (with diffs) and write nothing.', default: false }),
    stdout: Flags.boolean({
      description: 'Print the Dockerfile to stdout and write nothing (not even the config or lock).',
      default: false,
    }),
    strict: Flags.boolean({
      description:
        'Fail (E_DETECT_NONE, exit 5) before writing when the stack finds none of its evidence in the folder, instead of warning.',
      default: false,
    }),
    frozen: frozenFlag,
    ci: ciFlag,
    ...pinFlags,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Add);
    this.jsonOutput = flags.json;
    try {
      await this.generate(args.stack, flags);
    } catch (error) {
      if (!promptCancelled(error)) throw error;
      reportCancelled();
    }
  }

  private async generate(stack: string, flags: Interfaces.InferredFlags<typeof Add.flags>): Promise<void> {
    const out = stdoutPrinter(flags.json || flags.stdout);
    const progress = new Progress(spinnerWanted(flags.json));
    const root = resolveCwd(flags.cwd);
    const { id, range } = parseStackRef(stack);
    const at = servicePathFlag(root, flags.path);
    const context = flags.context === undefined ? undefined : servicePathFlag(root, flags.context);
    const catalog = await loadCatalog();
    const state = await readProjectState(root, { code: flags['config-code'] ? 'run' : 'refuse' });
    const target = addTarget(state, { id, ...(range === undefined ? {} : { range }) }, at, flags.set ?? [], context);
    // Detect once here (plan reuses the verdict) so a folder without the stack's evidence is flagged before any write;
    // a service built from a context above its folder is detected with that context as its workspace root.
    const stackToUse = pickStack(catalog, { ...target.request, stack: id });
    const workspace = detectionWorkspace(root, target.request);
    const choice = await progress.step(`Reading the project for ${id}`, () => detectFor(stackToUse, path.resolve(root, at), workspace));
    target.request = { ...target.request, choice };
    const missing = missingEvidence(choice, at);
    if (missing !== undefined && flags.strict) {
      throw new DockstackError('E_DETECT_NONE', missing.message, { hint: missing.hint, data: { expected: missing.expected } });
    }
    if (missing !== undefined && !flags.json) {
      const st = styleFor(process.stderr);
      process.stderr.write(`${st.warn}${st.yellow('Warning:')} ${st.safe(missing.message)}\n  hint: ${st.safe(missing.hint)}\n`);
    }
    if (flags.stdout) {
      const render = await plan(target.request, { catalog, root, generatorVersion: CLI_VERSION });
      const dockerfile = render.files.find((f) => f.path === 'Dockerfile') ?? render.files[0];
      process.stdout.write(dockerfile?.content ?? '');
      return;
    }
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
    const result = await runProjectFlow(catalog, state, [target], flow, out, { keepOtherServices: true });
    const pinned =
      flags['pin-digests'] && !flags['dry-run'] ? (await pinWritten(state.root, flags['registry-url'])).result.pinned : undefined;
    const warnings =
      missing === undefined ? [] : [{ code: 'W_NO_EVIDENCE', message: missing.message, hint: missing.hint, expected: missing.expected }];
    if (flags.json) this.printJson({ ...projectReport('add', state, result, flow), warnings, ...(pinned === undefined ? {} : { pinned }) });
    else printSummary(result, flow, out);
    for (const p of pinned ?? []) this.log(`pinned      ${p.service}: ${p.ref}@${p.digest}`);
  }
}
