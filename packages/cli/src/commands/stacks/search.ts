import { Args, Flags } from '@oclif/core';
import { newestCompatible, searchIndex } from '@dockstack/core';
import { BaseCommand } from '../../base-command.js';
import { loadRegistryIndex, stackStore } from '../../stacks.js';

export default class StacksSearch extends BaseCommand {
  static override summary = 'Search the stack index (official and community stacks, installed or not).';
  static override description =
    'Matches every word of TERM against ids, packages, names, tags, hint files and descriptions. The index ships with dockstack (works offline); DOCKSTACK_INDEX_URL or indexUrl in the dockstack config refreshes it.';
  static override examples = [
    '<%= config.bin %> stacks search',
    '<%= config.bin %> stacks search python',
    '<%= config.bin %> stacks search "static site" --json',
  ];
  static override args = {
    term: Args.string({ description: 'Words to look for; without it, every stack in the index is listed.', required: false }),
  };
  static override flags = {
    json: Flags.boolean({ description: 'Print JSON.', default: false }),
    refresh: Flags.boolean({ description: 'Refresh the index from its URL now, even if the cached copy is fresh.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(StacksSearch);
    this.jsonOutput = flags.json;
    const loaded = await loadRegistryIndex({ refresh: flags.refresh });
    const installed = await stackStore().list();
    const hits = searchIndex(loaded.index, args.term ?? '').map(({ stack, matched }) => ({
      id: stack.id,
      package: stack.package,
      displayName: stack.displayName,
      description: stack.description,
      tags: stack.tags,
      official: stack.official,
      latest: newestCompatible(stack)?.version ?? null,
      installed: installed.filter((e) => e.package === stack.package).map((e) => e.version),
      matched,
      versions: stack.versions,
    }));
    if (flags.json) {
      this.printJson({
        ok: true,
        term: args.term ?? '',
        index: { source: loaded.source, ...(loaded.url === undefined ? {} : { url: loaded.url }) },
        stacks: hits,
      });
      return;
    }
    if (hits.length === 0) {
      this.log(`No stack matches "${args.term ?? ''}". Run "dockstack stacks list --all" to see every stack in the index.`);
      return;
    }
    for (const h of hits) {
      const kind = h.official ? 'official' : 'community';
      const mark = h.installed.length > 0 ? `  (installed: ${h.installed.join(', ')})` : '';
      this.log(`${h.id.padEnd(14)} ${(h.latest ?? '-').padEnd(9)} ${kind.padEnd(10)} ${h.description}${mark}`);
    }
  }
}
