import { Flags } from '@oclif/core';
import { DockstackError, LOCK_FILE, checkImages, checkProject, describeDrift, exitCodeFor, loadConfig, readLock } from '@dockstack/core';
import { resolveDigest } from '@dockstack/images';
import { BaseCommand, configCodeFlag, projectFlags, resolveCwd } from '../base-command.js';
import { Progress, spinnerWanted } from '../ui/progress.js';
import { loadProjectCatalog } from '../stacks.js';

export default class Check extends BaseCommand {
  static override summary = 'Check that the generated files are what the locked stack versions render. Reads only.';
  static override description = `Re-renders every service in ${LOCK_FILE} with its locked stack version, options and header, and compares. Exit 0 when every file matches; exit 9 (E_DRIFT) when one differs, saying per file whether you edited it (its hash is not the lock's), the template moved (the locked version now renders something else), or both. Regenerate with "dockstack init --force", or keep your edits through "dockstack upgrade".`;
  static override examples = ['<%= config.bin %> check', '<%= config.bin %> check --json --cwd ./my-app'];
  static override flags = {
    ...projectFlags,
    'config-code': configCodeFlag,
    'registry-url': Flags.string({
      description: "Ask this registry (base URL) for pinned digests instead of each image's own registry. Also DOCKSTACK_REGISTRY_URL.",
    }),
    offline: Flags.boolean({
      description:
        'Use no network: do not ask registries whether pinned digests are still the newest, nor install a stack version the lock pins.',
      default: false,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Check);
    this.jsonOutput = flags.json;
    const root = resolveCwd(flags.cwd);
    const lock = await readLock(root);
    if (lock === undefined) {
      throw new DockstackError('E_LOCK', `No ${LOCK_FILE} in ${root}: nothing to check against`, {
        file: LOCK_FILE,
        hint: 'Run "dockstack init" (or "dockstack add <stack>") and commit the lock it writes.',
      });
    }
    const loaded = await loadConfig(root, { code: flags['config-code'] ? 'skip' : 'refuse' });
    const catalog = await loadProjectCatalog(lock, { offline: flags.offline, note: (l) => this.stderr(`${l}\n`) });
    const report = await checkProject(catalog, root, lock, loaded);
    const lines = describeDrift(report);
    const baseUrl = flags['registry-url'] ?? (process.env['DOCKSTACK_REGISTRY_URL'] || undefined);
    const progress = new Progress(spinnerWanted(flags.json));
    const images = await progress.step(flags.offline ? 'Checking base images' : 'Asking registries about base images', () =>
      checkImages(root, lock, flags.offline ? {} : { resolve: (ref) => resolveDigest(ref, baseUrl === undefined ? {} : { baseUrl }) }),
    );
    const error = report.drift
      ? new DockstackError('E_DRIFT', `${lines.length} difference${lines.length === 1 ? '' : 's'} from ${LOCK_FILE}`, {
          file: LOCK_FILE,
          hint: 'Regenerate with "dockstack init --force" (drops hand edits), or move to the new template keeping your edits with "dockstack upgrade".',
        })
      : undefined;
    if (flags.json) {
      this.printJson({
        ok: !report.drift,
        command: 'check',
        cwd: root,
        drift: report.drift,
        services: report.services,
        images,
        ...(error === undefined ? {} : { error: error.toJSON() }),
      });
    } else {
      for (const s of report.services) {
        this.log(
          `${s.path}: ${s.stack}@${s.version}${s.newer === undefined ? '' : ` (newer installed: ${s.newer}; see dockstack upgrade)`}${s.integrity ? '' : ' (installed copy differs from the locked one)'}`,
        );
        for (const f of s.files) this.log(`  ${f.status.padEnd(8)} ${f.path}`);
      }
      for (const line of lines) this.log(`drift: ${line}`);
      for (const f of images.findings) this.log(`image: ${f.service === '' ? '' : `${f.service}: `}${f.message}`);
      if (images.catalogue.stale)
        this.log(
          `image: dockstack's image catalogue is ${images.catalogue.days} days old (sources up to ${images.catalogue.sourceDate}); tags and end-of-life dates published since are unknown to it. Update dockstack, or rebuild the catalogue (scripts/images/build-catalogue.mjs).`,
        );
      if (error !== undefined) {
        this.stderr(`Error [${error.code}]: ${error.message}\n  hint: ${error.details.hint ?? ''}\n`);
      } else this.log('All generated files match the lock.');
    }
    if (error !== undefined) process.exitCode = exitCodeFor(error);
  }
}
