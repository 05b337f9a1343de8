import { Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { loadCatalog } from '../../stacks.js';

export default class StacksList extends BaseCommand {
  static override summary = 'List the stacks this dockstack can use.';
  static override examples = ['<%= config.bin %> stacks list', '<%= config.bin %> stacks list --json'];
  static override flags = {
    json: Flags.boolean({ description: 'Print JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(StacksList);
    this.jsonOutput = flags.json;
    const catalog = await loadCatalog();
    const rows = catalog.stacks.map((s) => ({ id: s.id, version: s.version, package: s.packageName, displayName: s.displayName, description: s.description, origin: s.origin }));
    const problems = catalog.errors.map((e) => ({ dir: e.dir, code: e.error.code, message: e.error.message, hint: e.error.details.hint }));
    if (flags.json) {
      this.printJson({ ok: true, stacks: rows, problems });
      return;
    }
    for (const r of rows) this.log(`${r.id.padEnd(12)} ${r.version.padEnd(9)} ${r.origin.padEnd(8)} ${r.description}`);
    for (const p of problems) this.warn(`could not load ${p.dir}: ${p.message}`);
  }
}
