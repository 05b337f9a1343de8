import { Flags } from '@oclif/core';
import { DockstackError, LOCK_FILE, pinProject, readLock, renovateConfig, planWrites } from '@dockstack/core';
import { applyWritesAtomically } from '../transaction.js';
import { resolveDigest } from '@dockstack/images';
import { BaseCommand, projectFlags, resolveCwd } from '../base-command.js';
import { Progress, spinnerWanted } from '../ui/progress.js';

export default class Pin extends BaseCommand {
  static override writesProject = true;
  static override summary = 'Pin every base image to the digest its registry serves now, and record the digests in the lock.';
  static override description = `Resolves each global *_IMAGE ARG of every generated Dockerfile through the OCI distribution API (HEAD on the manifest, Docker Hub's token flow, multi-arch index digests) and writes image:tag@sha256:... into the Dockerfile and the digests into ${LOCK_FILE}. Later runs of init/add keep the pins; "dockstack check" says when a newer digest was pushed; run pin again to move to it. --renovate also writes a renovate.json (Renovate's dockerfile manager, digests pinned).`;
  static override examples = [
    '<%= config.bin %> pin',
    '<%= config.bin %> pin --renovate',
    '<%= config.bin %> pin --registry-url http://127.0.0.1:5000',
  ];
  static override flags = {
    ...projectFlags,
    'registry-url': Flags.string({
      description:
        "Ask this registry (base URL) for every image instead of each image's own registry (a mirror or a test registry). Also DOCKSTACK_REGISTRY_URL.",
    }),
    renovate: Flags.boolean({
      description: 'Also write renovate.json (unless one exists) so Renovate keeps the digests fresh.',
      default: false,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Pin);
    this.jsonOutput = flags.json;
    const root = resolveCwd(flags.cwd);
    const lock = await readLock(root);
    if (lock === undefined)
      throw new DockstackError('E_LOCK', `No ${LOCK_FILE} in ${root}: nothing to pin`, {
        file: LOCK_FILE,
        hint: 'Run "dockstack init" first.',
      });
    const baseUrl = flags['registry-url'] ?? (process.env['DOCKSTACK_REGISTRY_URL'] || undefined);
    const resolve = async (ref: string): Promise<string> => {
      try {
        return await resolveDigest(ref, baseUrl === undefined ? {} : { baseUrl });
      } catch (error) {
        throw new DockstackError('E_REGISTRY', `Cannot resolve ${ref} to a digest: ${(error as Error).message}`, {
          hint: 'Check the network, or point --registry-url at a mirror that has the image.',
        });
      }
    };
    const result = await new Progress(spinnerWanted(flags.json)).step('Resolving base images to digests', () =>
      pinProject(root, lock, resolve),
    );
    const plan = [...result.plan];
    if (flags.renovate) {
      const [renovate] = await planWrites(root, [{ path: 'renovate.json', content: renovateConfig() }]);
      if (renovate !== undefined && renovate.status === 'create') plan.push(renovate);
      else if (renovate?.status === 'overwrite')
        this.warn('renovate.json exists and differs: left as it is (add docker:pinDigests to it yourself).');
    }
    const written = await applyWritesAtomically(plan);
    if (flags.json) {
      this.printJson({ ok: true, command: 'pin', cwd: root, pinned: result.pinned, written });
      return;
    }
    for (const p of result.pinned)
      this.log(`${p.service}: ${p.arg} = ${p.ref}@${p.digest}${p.previous === undefined ? '' : ` (was ${p.previous})`}`);
    for (const w of plan)
      this.log(`${(written.includes(w.path) ? (w.status === 'create' ? 'created' : 'updated') : 'unchanged').padEnd(10)} ${w.path}`);
  }
}
