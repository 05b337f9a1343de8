import { Args, Flags } from '@oclif/core';
import { loadNpmOptions, updateStacks } from '@dockstack/core';
import { BaseCommand } from '../../base-command.js';
import { loadRegistryIndex, stackStore } from '../../stacks.js';
import { installLines } from './install.js';

export default class StacksUpdate extends BaseCommand {
  static override summary = 'Install the newest compatible version of installed stacks (older versions stay for projects that pin them).';
  static override examples = ['<%= config.bin %> stacks update', '<%= config.bin %> stacks update php --json'];
  static override args = { stack: Args.string({ description: 'Only this stack (id or package).', required: false }) };
  static override flags = {
    json: Flags.boolean({ description: 'Print JSON.', default: false }),
    refresh: Flags.boolean({ description: 'Refresh the index from its URL first.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(StacksUpdate);
    this.jsonOutput = flags.json;
    const { index } = await loadRegistryIndex({ refresh: flags.refresh });
    const outcomes = await updateStacks(args.stack, { index, npm: await loadNpmOptions(), store: stackStore() });
    if (flags.json) {
      this.printJson({
        ok: true,
        updates: outcomes.map((o) => ({ package: o.package, id: o.id ?? null, from: o.from, to: o.to, updated: o.result !== undefined })),
      });
      return;
    }
    if (outcomes.length === 0) this.log('No installed stacks to update (bundled stacks update with dockstack itself).');
    for (const o of outcomes) {
      if (o.result === undefined) this.log(`${o.id ?? o.package} ${o.from} is up to date`);
      else for (const line of [`${o.id ?? o.package} ${o.from} -> ${o.to}`, ...installLines(o.result).slice(1)]) this.log(line);
    }
  }
}
