import { Args, Flags } from '@oclif/core';
import { chooseByName } from '@dockstack/core';
import { BaseCommand, projectFlags, resolveCwd } from '../base-command.js';
import { filesReport, optionsReport, printSummary, runGenerateFlow } from '../generate-flow.js';
import { loadCatalog } from '../stacks.js';
import { generate, optionLayers } from '@dockstack/core';
import { CLI_VERSION } from '../stacks.js';

export default class Add extends BaseCommand {
  static override summary = 'Generate the Dockerfile and .dockerignore of a named stack.';
  static override description =
    'Like init, but you name the stack (optionally with a semver range: node@^0.1). The stack\'s detector still proposes values for this project; --set overrides them.';
  static override examples = [
    '<%= config.bin %> add node',
    '<%= config.bin %> add node@^0.1 --set nodeVersion=22 --yes',
    '<%= config.bin %> add node --stdout > Dockerfile.preview',
  ];
  static override args = {
    stack: Args.string({ description: 'Stack id, optionally with @range.', required: true }),
  };
  static override flags = {
    ...projectFlags,
    set: Flags.string({ description: 'Set an option, key=value (repeatable).', multiple: true, default: [] }),
    yes: Flags.boolean({ char: 'y', description: 'Never prompt; use detected values and defaults.', default: false }),
    force: Flags.boolean({ description: 'Overwrite existing files that differ.', default: false }),
    'dry-run': Flags.boolean({ description: 'Show what would be written (with diffs) and write nothing.', default: false }),
    stdout: Flags.boolean({ description: 'Print the Dockerfile to stdout and write nothing.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Add);
    this.jsonOutput = flags.json;
    const cwd = resolveCwd(flags.cwd);
    const catalog = await loadCatalog();
    const choice = await chooseByName(catalog, args.stack, cwd);
    if (flags.stdout) {
      const generation = generate(choice.stack, optionLayers(choice, { set: flags.set }), CLI_VERSION);
      const dockerfile = generation.files.find((f) => f.path === 'Dockerfile') ?? generation.files[0];
      process.stdout.write(dockerfile?.content ?? '');
      return;
    }
    const flow = { cwd, yes: flags.yes, force: flags.force, dryRun: flags['dry-run'], json: flags.json, interactive: this.interactive(flags.yes) && !flags.json, set: flags.set };
    const result = await runGenerateFlow(choice, flow, (l) => this.log(l));
    if (flags.json) {
      this.printJson({
        ok: true,
        command: 'add',
        cwd,
        stack: { id: choice.stack.id, version: choice.stack.version, package: choice.stack.packageName },
        detection: {
          confidence: choice.candidate?.result.confidence ?? null,
          reasons: choice.candidate?.result.reasons ?? [],
          notes: choice.candidate?.result.notes ?? [],
          candidates: choice.detection?.candidates.map((c) => ({ id: c.stack.id, confidence: c.result.confidence })) ?? [],
          problems: choice.detection?.problems ?? [],
        },
        options: optionsReport(choice, result.generation),
        files: filesReport(result.plan, result.written, flow.dryRun),
        dryRun: flow.dryRun,
      });
    } else {
      printSummary(choice, result, flow, (l) => this.log(l));
    }
  }
}
