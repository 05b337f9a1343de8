import { Args, Flags } from '@oclif/core';
import semver from 'semver';
import { DockstackError, installStack, loadNpmOptions, splitSpec, type InstallResult, type TrustQuestion } from '@dockstack/core';
import { BaseCommand } from '../../base-command.js';
import { loadCatalog, loadRegistryIndex, stackStore } from '../../stacks.js';
import { Progress, spinnerWanted } from '../../ui/progress.js';

/** Text lines describing an install (shared with `stacks update`). */
export function installLines(r: InstallResult): string[] {
  if (r.alreadyInstalled) return [`${r.id}@${r.version} (${r.package}) is already installed in ${r.dir}`];
  const lines = [
    `Installed ${r.id}@${r.version} (${r.package}${r.official ? ', official' : ', community'}) in ${r.dir}`,
    `  integrity ${r.integrity} checked against ${r.verifiedAgainst === 'index' ? 'the stack index and the registry' : "the registry's metadata"}`,
  ];
  for (const s of r.skipped) lines.push(`  skipped ${s.version}: it needs plugin API ${s.apiRange ?? '?'}`);
  return lines;
}

/** A bundled official stack that is not on the registry yet: say that it already ships with dockstack. */
async function withBundledHint(error: unknown, spec: string): Promise<unknown> {
  if (!(error instanceof DockstackError) || error.code !== 'E_STACK_NOT_FOUND') return error;
  const { name: id, range } = splitSpec(spec);
  const bundled = (await loadCatalog()).stacks.find((s) => s.origin === 'bundled' && (s.id === id || s.packageName === id));
  // Only when the bundled version is what was asked for: another version must come from the registry.
  if (bundled === undefined || (range !== undefined && !semver.satisfies(bundled.version, range))) return error;
  return new DockstackError(error.code, error.message, {
    ...error.details,
    hint: `${bundled.id}@${bundled.version} ships with dockstack (bundled) and needs no install: dockstack add ${bundled.id}.`,
  });
}

export default class StacksInstall extends BaseCommand {
  static override summary = 'Install a stack from the npm registry your npm config names (versions live side by side).';
  static override description =
    'STACK is a stack id (resolved through the index, else to the package dockstack-stack-<id>) or an npm package name, optionally with @range or @tag. ' +
    'The newest version that works with this dockstack is fetched with your npm config (registry, scoped registries, auth, proxy), its integrity is checked against the index and the registry, ' +
    'its manifest and plugin API range are validated, and only then is it activated. Stacks the index does not mark official need confirmation, or --trust without a terminal.';
  static override examples = [
    '<%= config.bin %> stacks install php',
    '<%= config.bin %> stacks install dockstack-stack-elixir@^1 --trust',
    '<%= config.bin %> stacks install @acme/dockstack-stack-java --json --trust',
  ];
  static override args = { stack: Args.string({ description: 'Stack id or npm package, optionally with @range.', required: true }) };
  static override flags = {
    trust: Flags.boolean({
      description: 'Install a stack that is not official without asking (its detector runs on your projects).',
      default: false,
    }),
    json: Flags.boolean({ description: 'Print JSON.', default: false }),
    refresh: Flags.boolean({ description: 'Refresh the index from its URL first.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(StacksInstall);
    this.jsonOutput = flags.json;
    const { index } = await loadRegistryIndex({ refresh: flags.refresh });
    const ask = this.interactive(false) && !flags.json;
    const progress = new Progress(spinnerWanted(flags.json));
    this.progress = progress;
    const npm = await loadNpmOptions();
    const result = await progress
      .step(`Installing ${args.stack}`, () =>
        installStack(args.stack, {
          index,
          npm,
          store: stackStore(),
          trust: flags.trust,
          ...(ask ? { confirm: (q: TrustQuestion) => this.askTrust(q) } : {}),
        }),
      )
      .catch(async (error: unknown) => {
        throw await withBundledHint(error, args.stack);
      });
    if (flags.json) this.printJson({ ok: true, installed: result });
    else for (const line of installLines(result)) this.log(line);
  }

  private progress: Progress | undefined;

  private async askTrust(q: TrustQuestion): Promise<boolean> {
    this.progress?.stop();
    this.log(
      `${q.package}@${q.version} from ${q.registry} is ${q.listed ? 'a community stack' : 'not in the stack index'}: it is not reviewed by dockstack. Its detector, its templates and its migrations are code that runs on your projects (sandboxed: no writes, no processes, reads limited to the project and the stack).`,
    );
    const { confirm } = await import('@inquirer/prompts');
    return confirm({ message: `Install ${q.package}@${q.version}?`, default: false });
  }
}
