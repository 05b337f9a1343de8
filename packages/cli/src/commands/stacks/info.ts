import { Args, Flags } from '@oclif/core';
import { optionsTable } from '@dockstack/core';
import { BaseCommand } from '../../base-command.js';
import { loadCatalog } from '../../stacks.js';

export default class StacksInfo extends BaseCommand {
  static override summary = 'Show a stack and its options table (from its JSON Schema).';
  static override examples = ['<%= config.bin %> stacks info node', '<%= config.bin %> stacks info node --json'];
  static override args = { stack: Args.string({ description: 'Stack id, optionally with @range.', required: true }) };
  static override flags = { json: Flags.boolean({ description: 'Print JSON.', default: false }) };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(StacksInfo);
    this.jsonOutput = flags.json;
    const stack = (await loadCatalog()).get(args.stack);
    if (flags.json) {
      this.printJson({ ok: true, id: stack.id, version: stack.version, package: stack.packageName, displayName: stack.displayName, description: stack.description, apiRange: stack.manifest.apiRange, templates: Object.keys(stack.templates), options: stack.schema.properties, required: stack.schema.required ?? [] });
      return;
    }
    this.log(`${stack.displayName} (${stack.id}@${stack.version}, ${stack.packageName})`);
    if (stack.description) this.log(stack.description);
    this.log(`Writes: ${Object.keys(stack.templates).join(', ')}  ·  plugin API ${stack.manifest.apiRange}\n`);
    this.log(optionsTable(stack.schema));
  }
}
