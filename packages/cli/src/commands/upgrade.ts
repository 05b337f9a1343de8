import path from 'node:path';
import { Args, Flags } from '@oclif/core';
import semver from 'semver';
import { DockstackError, LOCK_FILE, exitCodeFor, loadConfig, readLock, upgradeProject } from '@dockstack/core';
import { BaseCommand, configCodeFlag, projectFlags, resolveCwd } from '../base-command.js';
import { fileStatus } from '../generate-flow.js';
import { applyWritesAtomically } from '../transaction.js';
import { CLI_VERSION, loadProjectCatalog, offlineFlag } from '../stacks.js';

export default class Upgrade extends BaseCommand {
  static override writesProject = true;
  static override summary = 'Move services to a newer stack version, keeping your edits (three-way merge).';
  static override description = `In the manner of Copier: renders the locked version with the locked options (base) and the newest installed version within --to (else the config's range) with the options migrated by the stack's migrations (theirs), then merges base -> theirs into each current file (ours), so hand edits survive. Conflicting edits get git-style markers (<<<<<<< ||||||| ======= >>>>>>>): the files, config and lock are still written and the exit code is 10 (E_CONFLICT); resolve the markers and commit. --dry-run prints the diff and writes nothing.`;
  static override examples = [
    '<%= config.bin %> upgrade',
    '<%= config.bin %> upgrade node --to ^0.2.0',
    '<%= config.bin %> upgrade --dry-run --json',
  ];
  static override args = { stack: Args.string({ description: 'Only services of this stack id.', required: false }) };
  static override flags = {
    ...projectFlags,
    'config-code': configCodeFlag,
    to: Flags.string({ description: 'Semver range to upgrade within (saved in the config); default: the config range.' }),
    'dry-run': Flags.boolean({ description: 'Print the diff and write nothing.', default: false }),
    offline: offlineFlag,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Upgrade);
    this.jsonOutput = flags.json;
    const root = resolveCwd(flags.cwd);
    if (flags.to !== undefined && semver.validRange(flags.to) === null) {
      throw new DockstackError('E_USAGE', `--to "${flags.to}" is not a semver range`, {
        hint: 'Write --to ^1.1.0, --to 1.1.0 or --to "~1.1".',
      });
    }
    const lock = await readLock(root);
    if (lock === undefined)
      throw new DockstackError('E_LOCK', `No ${LOCK_FILE} in ${root}: nothing to upgrade from`, {
        file: LOCK_FILE,
        hint: 'Run "dockstack init" first; upgrade needs the locked version as the merge base.',
      });
    const loaded = await loadConfig(root, { code: flags['config-code'] ? 'run' : 'refuse' });
    const catalog = await loadProjectCatalog(lock, { offline: flags.offline, note: (l) => this.stderr(`${l}\n`) });
    const { results, plan, conflicts } = await upgradeProject(
      catalog,
      { root, lock, ...(loaded === undefined ? {} : { loaded }) },
      { ...(args.stack === undefined ? {} : { stack: args.stack }), ...(flags.to === undefined ? {} : { to: flags.to }) },
      CLI_VERSION,
    );
    const dryRun = flags['dry-run'];
    const written = dryRun ? [] : await applyWritesAtomically(plan.all);
    const error =
      conflicts.length > 0
        ? new DockstackError(
            'E_CONFLICT',
            `Your edits and the new template conflict in ${conflicts.join(', ')}${dryRun ? ' (dry run: nothing was written)' : '; the files hold conflict markers'}`,
            {
              file: conflicts[0],
              hint: dryRun
                ? 'Run without --dry-run to write the merge with markers, then resolve them.'
                : `Resolve each <<<<<<< ... >>>>>>> block, then commit the files with ${LOCK_FILE}.`,
              data: { files: conflicts },
            },
          )
        : undefined;
    const statusOf = (p: string): string => {
      const planned = plan.files.find((f) => f.path === p);
      return planned === undefined ? 'unchanged' : fileStatus(planned, written, dryRun);
    };
    if (flags.json) {
      this.printJson({
        ok: error === undefined,
        command: 'upgrade',
        cwd: root,
        dryRun,
        services: results.map((r) => ({
          path: r.path,
          stack: r.stack,
          from: r.from,
          to: r.to,
          upToDate: r.upToDate,
          migrations: r.migrations,
          files: r.files.map((f) => ({
            path: path.posix.join(r.path, f.path),
            merge: f.status,
            conflicts: f.conflicts,
            status: statusOf(path.posix.join(r.path, f.path)),
          })),
        })),
        config: plan.config === undefined ? null : { path: plan.config.path, status: fileStatus(plan.config, written, dryRun) },
        lock: { path: LOCK_FILE, status: fileStatus(plan.lock, written, dryRun) },
        ...(error === undefined ? {} : { error: error.toJSON() }),
      });
    } else {
      for (const r of results) {
        this.log(`${r.path}: ${r.stack} ${r.from} -> ${r.to}${r.upToDate ? ' (up to date)' : ''}`);
        for (const m of r.migrations)
          this.log(`  migration ${m.version}: ${m.description}${m.changes.length > 0 ? ` (${m.changes.join(', ')})` : ''}`);
        for (const f of r.files)
          this.log(
            `  ${f.status.padEnd(9)} ${path.posix.join(r.path, f.path)}${f.conflicts > 0 ? ` (${f.conflicts} conflict${f.conflicts === 1 ? '' : 's'})` : ''}`,
          );
      }
      if (dryRun) for (const p of plan.all) if (p.status === 'overwrite') this.log(p.diff ?? '');
      if (error !== undefined) this.stderr(`Error [${error.code}]: ${error.message}\n  hint: ${error.details.hint ?? ''}\n`);
    }
    if (error !== undefined) process.exitCode = exitCodeFor(error);
  }
}
