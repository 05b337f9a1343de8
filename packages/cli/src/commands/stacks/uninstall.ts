import { Args, Flags } from '@oclif/core';
import { uninstallStack } from '@dockstack/core';
import { BaseCommand } from '../../base-command.js';
import { stackStore } from '../../stacks.js';

export default class StacksUninstall extends BaseCommand {
  static override summary = 'Remove installed versions of a stack (all, or the one named with @version), and its link if any.';
  static override examples = ['<%= config.bin %> stacks uninstall php', '<%= config.bin %> stacks uninstall php@1.0.0'];
  static override args = {
    stack: Args.string({ description: 'Stack id or package, optionally with @version or @range.', required: true }),
  };
  static override flags = { json: Flags.boolean({ description: 'Print JSON.', default: false }) };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(StacksUninstall);
    this.jsonOutput = flags.json;
    const result = await uninstallStack(args.stack, stackStore());
    if (flags.json) {
      this.printJson({
        ok: true,
        removed: result.removed.map((e) => ({ id: e.id ?? null, package: e.package, version: e.version })),
        unlinked: result.unlinked ?? null,
      });
      return;
    }
    for (const e of result.removed) this.log(`Removed ${e.id ?? e.package}@${e.version} (${e.package})`);
    if (result.unlinked !== undefined) this.log(`Unlinked ${result.unlinked.id} (${result.unlinked.dir})`);
  }
}
