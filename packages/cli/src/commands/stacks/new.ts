import path from 'node:path';
import { Args, Flags } from '@oclif/core';
import { DockstackError, scaffoldStack } from '@dockstack/core';
import { BUNDLED_STACKS } from '../../stacks.js';

/** Ids of the official stacks bundled with the CLI (`@dockstack/stack-<id>`). */
const BUNDLED_IDS = (): string[] => BUNDLED_STACKS.map((name) => name.replace('@dockstack/stack-', ''));
import { BaseCommand } from '../../base-command.js';

/** The stack template shipped with the CLI (packages/cli/templates/stack). */
const TEMPLATE_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'templates', 'stack');

export default class StacksNew extends BaseCommand {
  static override summary = 'Scaffold a community stack package dockstack-stack-<id> that passes its own tests.';
  static override description =
    "Writes the manifest (package.json#dockstack), schema.json, templates, a detector, a README with the generated options table, one fixture with goldens, and a test that runs @dockstack/testing's describeStack. Then: npm install && npm test.";
  static override examples = ['<%= config.bin %> stacks new nim', '<%= config.bin %> stacks new static-site --dir ~/src --json'];
  static override args = { id: Args.string({ description: 'Stack id (^[a-z][a-z0-9-]{1,31}$).', required: true }) };
  static override flags = {
    dir: Flags.string({ description: 'Parent folder for dockstack-stack-<id>.', default: '.' }),
    json: Flags.boolean({ description: 'Print JSON.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(StacksNew);
    this.jsonOutput = flags.json;
    if (BUNDLED_IDS().includes(args.id)) {
      throw new DockstackError('E_USAGE', `"${args.id}" is the id of an official stack; a community stack cannot use it`, {
        hint: `Pick another id (e.g. ${args.id}-custom): dockstack refuses a community stack that claims an official id unless its exact version is named.`,
      });
    }
    const result = await scaffoldStack(args.id, path.resolve(flags.dir), TEMPLATE_DIR);
    if (flags.json) {
      this.printJson({ ok: true, created: result });
      return;
    }
    this.log(`Created ${result.package} in ${result.dir}:`);
    for (const file of result.files) this.log(`  ${file}`);
    const rel = path.relative(process.cwd(), result.dir);
    this.log(`\nNext: cd ${rel.startsWith('..') ? result.dir : rel || '.'} && npm install && npm test`);
    this.log(`Try it here: dockstack stacks link ${result.dir} && dockstack add ${result.id} --stdout`);
  }
}
