import { Flags } from '@oclif/core';
import { chooseByDetection } from '@dockstack/core';
import { BaseCommand, projectFlags, resolveCwd } from '../base-command.js';
import { filesReport, optionsReport, printSummary, runGenerateFlow } from '../generate-flow.js';
import { loadCatalog } from '../stacks.js';

export default class Init extends BaseCommand {
  static override summary = 'Detect the project stack and write a Dockerfile and .dockerignore.';
  static override description =
    'Reads the project (read-only, bounded), shows the evidence, resolves options (schema defaults < detection < --set), and writes the files atomically. Existing files that differ are never overwritten without --force (or a yes at the prompt in a terminal).';
  static override examples = ['<%= config.bin %> init', '<%= config.bin %> init --yes --json --cwd ./my-app', '<%= config.bin %> init --dry-run'];
  static override flags = {
    ...projectFlags,
    yes: Flags.boolean({ char: 'y', description: 'Never prompt; use detected values and defaults.', default: false }),
    force: Flags.boolean({ description: 'Overwrite existing files that differ.', default: false }),
    'dry-run': Flags.boolean({ description: 'Show what would be written (with diffs) and write nothing.', default: false }),
    set: Flags.string({ description: 'Set an option, key=value (repeatable).', multiple: true, default: [] }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Init);
    this.jsonOutput = flags.json;
    const cwd = resolveCwd(flags.cwd);
    const catalog = await loadCatalog();
    const choice = await chooseByDetection(catalog, cwd);
    const flow = { cwd, yes: flags.yes, force: flags.force, dryRun: flags['dry-run'], json: flags.json, interactive: this.interactive(flags.yes) && !flags.json, set: flags.set };
    const result = await runGenerateFlow(choice, flow, (l) => this.log(l));
    if (flags.json) {
      this.printJson({
        ok: true,
        command: 'init',
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
