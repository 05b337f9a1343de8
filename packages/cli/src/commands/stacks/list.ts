import { Flags } from '@oclif/core';
import { newestCompatible } from '@dockstack/core';
import { BaseCommand } from '../../base-command.js';
import { loadCatalog, loadRegistryIndex } from '../../stacks.js';

export default class StacksList extends BaseCommand {
  static override summary = 'List the stacks this dockstack can use (with --all, also every stack in the index).';
  static override description =
    'Without --all: bundled, installed (every version, side by side), linked and DOCKSTACK_STACK_PATH stacks, and the ones that failed to load. With --all: also the stacks of the index that are not installed.';
  static override examples = ['<%= config.bin %> stacks list', '<%= config.bin %> stacks list --all --json'];
  static override flags = {
    json: Flags.boolean({ description: 'Print JSON.', default: false }),
    all: Flags.boolean({ description: 'Also list the stacks of the index that are not installed.', default: false }),
    refresh: Flags.boolean({ description: 'With --all: refresh the index from its URL now.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(StacksList);
    this.jsonOutput = flags.json;
    const catalog = await loadCatalog();
    const rows = catalog.stacks.map((s) => ({
      id: s.id,
      version: s.version,
      package: s.packageName,
      displayName: s.displayName,
      description: s.description,
      origin: s.origin,
    }));
    const problems = catalog.errors.map((e) => ({ dir: e.dir, code: e.error.code, message: e.error.message, hint: e.error.details.hint }));
    const local = new Set(rows.map((r) => r.id));
    const available = flags.all
      ? (await loadRegistryIndex({ refresh: flags.refresh })).index.stacks
          .filter((s) => !local.has(s.id))
          .map((s) => ({
            id: s.id,
            package: s.package,
            displayName: s.displayName,
            description: s.description,
            official: s.official,
            latest: newestCompatible(s)?.version ?? null,
            versions: s.versions.map((v) => v.version),
          }))
      : undefined;
    if (flags.json) {
      this.printJson({ ok: true, stacks: rows, problems, ...(available === undefined ? {} : { available }) });
      return;
    }
    for (const r of rows) this.log(`${r.id.padEnd(12)} ${r.version.padEnd(9)} ${r.origin.padEnd(9)} ${r.description}`);
    for (const p of problems) this.warn(`could not load ${p.dir}: ${p.message}`);
    if (available === undefined) return;
    this.log(
      available.length === 0
        ? '\nEvery stack of the index is available here.'
        : '\nIn the index, not installed (dockstack stacks install <id>):',
    );
    for (const a of available)
      this.log(`${a.id.padEnd(12)} ${(a.latest ?? '-').padEnd(9)} ${(a.official ? 'official' : 'community').padEnd(9)} ${a.description}`);
  }
}
