import path from 'node:path';
import { Args, Flags } from '@oclif/core';
import { linkStack } from '@dockstack/core';
import { BaseCommand } from '../../base-command.js';
import { stackStore } from '../../stacks.js';

export default class StacksLink extends BaseCommand {
  static override summary = 'Use a local stack folder (for developing a stack); it takes precedence over installed versions.';
  static override description =
    'The folder is validated like an install (manifest, plugin API range, schema, templates), then registered under its id. "dockstack stacks uninstall <id>" removes the link.';
  static override examples = ['<%= config.bin %> stacks link ./dockstack-stack-elixir'];
  static override args = { dir: Args.string({ description: 'Folder of a stack package.', required: true }) };
  static override flags = { json: Flags.boolean({ description: 'Print JSON.', default: false }) };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(StacksLink);
    this.jsonOutput = flags.json;
    const result = await linkStack(path.resolve(args.dir), stackStore());
    if (flags.json) this.printJson({ ok: true, linked: result });
    else
      this.log(`Linked ${result.id}@${result.version} -> ${result.dir}${result.replaced === undefined ? '' : ` (was ${result.replaced})`}`);
  }
}
