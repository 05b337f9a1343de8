import { Args, Flags } from '@oclif/core';
import {
  DockstackError,
  PLUGIN_API_VERSION,
  admitsRunningApi,
  findInIndex,
  newestCompatible,
  optionsText,
  parseStackRef,
  wrapText,
  type IndexStack,
  type StackCatalog,
} from '@dockstack/core';
import { BaseCommand } from '../../base-command.js';
import { loadCatalog, loadRegistryIndex } from '../../stacks.js';

/** Columns to render for: the terminal's, else COLUMNS, else 80 (pipes and logs). */
function terminalWidth(): number {
  const env = Number(process.env['COLUMNS']);
  if (process.stdout.isTTY === true && process.stdout.columns > 0) return process.stdout.columns;
  return Number.isInteger(env) && env > 0 ? env : 80;
}

export default class StacksInfo extends BaseCommand {
  static override summary =
    'Show a stack and its options (from its JSON Schema), fitted to the terminal width; stacks not installed are shown from the index.';
  static override examples = [
    '<%= config.bin %> stacks info node',
    '<%= config.bin %> stacks info node --json',
    '<%= config.bin %> stacks info some-community-stack',
    '<%= config.bin %> stacks info node --versions',
  ];
  static override args = { stack: Args.string({ description: 'Stack id, optionally with @range.', required: true }) };
  static override flags = {
    json: Flags.boolean({ description: 'Print JSON.', default: false }),
    versions: Flags.boolean({
      description:
        'List every published version the index records: plugin API range, integrity, engine-proof status, changelog, and whether it is here.',
      default: false,
    }),
    refresh: Flags.boolean({ description: 'With --versions: refresh the index from its URL first.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(StacksInfo);
    this.jsonOutput = flags.json;
    const catalog = await loadCatalog();
    const { id } = parseStackRef(args.stack);
    if (flags.versions) return this.showVersions(id, catalog, flags.json, flags.refresh);
    if (!catalog.ids().includes(id) && !catalog.errors.some((e) => e.dir.endsWith(`/${id}`))) {
      const entry = findInIndex((await loadRegistryIndex()).index, id);
      if (entry !== undefined) return this.showIndexEntry(entry, flags.json);
    }
    const stack = catalog.get(args.stack);
    if (flags.json) {
      this.printJson({
        ok: true,
        id: stack.id,
        version: stack.version,
        package: stack.packageName,
        displayName: stack.displayName,
        description: stack.description,
        apiRange: stack.manifest.apiRange,
        installed: true,
        origin: stack.origin,
        templates: Object.keys(stack.templates),
        options: stack.schema.properties,
        required: stack.schema.required ?? [],
      });
      return;
    }
    const width = terminalWidth();
    const say = (text: string): void => this.log(wrapText(text, width).join('\n'));
    say(`${stack.displayName} (${stack.id}@${stack.version}, ${stack.packageName}, ${stack.origin})`);
    if (stack.description) say(stack.description);
    say(`Writes: ${Object.keys(stack.templates).join(', ')}  ·  plugin API ${stack.manifest.apiRange}`);
    this.log('');
    this.log(optionsText(stack.schema, width).replace(/\n$/, ''));
  }

  private showIndexEntry(entry: IndexStack, json: boolean): void {
    const latest = newestCompatible(entry)?.version ?? null;
    const install = `dockstack stacks install ${entry.id}${entry.official ? '' : ' (asks for confirmation: community stack)'}`;
    if (json) {
      this.printJson({
        ok: true,
        id: entry.id,
        installed: false,
        package: entry.package,
        displayName: entry.displayName,
        description: entry.description,
        official: entry.official,
        tags: entry.tags,
        detectHints: entry.detectHints,
        latest,
        versions: entry.versions,
        install,
      });
      return;
    }
    this.log(`${entry.displayName} (${entry.id}, ${entry.package}, ${entry.official ? 'official' : 'community'}; not installed)`);
    this.log(entry.description);
    if (entry.tags.length > 0) this.log(`Tags: ${entry.tags.join(', ')}`);
    this.log(
      `Versions: ${entry.versions.map((v) => `${v.version} (plugin API ${v.apiRange}${v.deprecated ? ', deprecated' : ''})`).join(', ')}`,
    );
    if (latest === null) this.log(`No version in the index works with plugin API ${PLUGIN_API_VERSION}.`);
    else this.log(`Install: ${install}; the options table is shown once it is installed.`);
  }

  private async showVersions(id: string, catalog: StackCatalog, json: boolean, refresh: boolean): Promise<void> {
    const entry = findInIndex((await loadRegistryIndex({ refresh })).index, id);
    if (entry === undefined) {
      throw new DockstackError('E_STACK_NOT_FOUND', `The stack index does not list "${id}"`, {
        hint: `Run "dockstack stacks search ${id}"; a stack that is only linked or on DOCKSTACK_STACK_PATH has no published versions.`,
      });
    }
    const rows = entry.versions.map((v) => {
      const here = catalog.stacks.find((s) => s.id === entry.id && s.version === v.version);
      return {
        ...v,
        worksHere: admitsRunningApi(v.apiRange),
        here: here?.origin ?? null,
      };
    });
    if (json) {
      this.printJson({
        ok: true,
        id: entry.id,
        package: entry.package,
        official: entry.official,
        running: PLUGIN_API_VERSION,
        versions: rows,
      });
      return;
    }
    this.log(
      `${entry.displayName} (${entry.id}, ${entry.package}, ${entry.official ? 'official' : 'community'}): ${rows.length} published version${rows.length === 1 ? '' : 's'}`,
    );
    for (const r of [...rows].reverse()) {
      const flags = [
        r.here ?? 'not installed',
        r.worksHere ? undefined : `needs plugin API ${r.apiRange}, this dockstack has ${PLUGIN_API_VERSION}`,
        r.deprecated ? `deprecated${r.deprecationMessage ? `: ${r.deprecationMessage}` : ''}` : undefined,
      ];
      this.log(`${r.version.padEnd(10)} plugin API ${r.apiRange.padEnd(8)} ${flags.filter(Boolean).join('; ')}`);
      this.log(`  integrity ${r.integrity}`);
      if (r.proof !== undefined)
        this.log(
          `  proof     ${r.proof.engine} of ${r.proof.fixtures} fixtures built and run on a real engine (all ${r.proof.fixtures} golden-checked)`,
        );
      if (r.changelog !== undefined) this.log(`  changelog ${r.changelog}`);
    }
  }
}
