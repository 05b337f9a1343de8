import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Flags } from '@oclif/core';
import { DockstackError, containedPath, terminalSafe } from '@dockstack/core';
import { assertEngine, dependencyStepFor, globalArgs, substituteBaseImages, verifyImage, type VerifyReport } from '@dockstack/engine';
import { BaseCommand, projectFlags, resolveCwd } from '../base-command.js';
import { Progress, spinnerWanted } from '../ui/progress.js';
import { stdoutPrinter } from '../ui/style.js';

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

export default class Verify extends BaseCommand {
  static override summary = "Build the project's Dockerfile on the local Docker engine, run it, and report.";
  static override description = `Builds with BuildKit, starts the container, waits for the HTTP port (or the program's exit) and the HEALTHCHECK, stops it and times the stop, checks the user is not root, and reports the image size with the size of each layer, the build time and a warm rebuild time. Real engine, no mocks.

Offline machines (no Docker Hub): --image-map points base images at substitutes (a JSON object official -> local name) and --offline builds without the "# syntax" directive (BuildKit's built-in frontend).

Exit codes: 0 every check passed; 12 a check failed (the report says which); 11 no engine.`;
  static override examples = [
    '<%= config.bin %> verify',
    '<%= config.bin %> verify --json --cwd ./api --path /health',
    '<%= config.bin %> verify --offline --image-map scripts/standins/map.json --cwd examples/hello-node',
  ];
  static override flags = {
    ...projectFlags,
    file: Flags.string({ description: 'Dockerfile to build, relative to --cwd.', default: 'Dockerfile' }),
    path: Flags.string({ description: 'HTTP path to request once the container runs.', default: '/' }),
    status: Flags.integer({ description: 'Expected HTTP status.', default: 200 }),
    contains: Flags.string({ description: "Text the HTTP answer (or a job's output) must contain.", default: '' }),
    job: Flags.boolean({ description: 'The image runs to completion (no port): check its exit code and output.', default: false }),
    edit: Flags.string({
      description: 'Source file to change (in a temporary copy of the context) before a rebuild, to prove the install layers are cached.',
    }),
    'image-map': Flags.string({ description: 'JSON file mapping base images to substitutes (default $DOCKSTACK_IMAGE_MAP).' }),
    offline: Flags.boolean({
      description: 'Build without the "# syntax" directive (no frontend pull); also $DOCKSTACK_OFFLINE=1.',
      default: false,
    }),
    'build-arg': Flags.string({ description: 'Extra build argument KEY=VALUE (repeatable).', multiple: true, multipleNonGreedy: true }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Verify);
    this.jsonOutput = flags.json;
    const cwd = resolveCwd(flags.cwd);
    const file = path.resolve(cwd, flags.file);
    if (!existsSync(file))
      throw new DockstackError('E_USAGE', `No ${flags.file} in ${cwd}`, { hint: 'Generate one with "dockstack init" or pass --file.' });
    await assertEngine();
    let dockerfile = readFileSync(file, 'utf8');
    const offline = flags.offline || process.env['DOCKSTACK_OFFLINE'] === '1';
    if (offline) dockerfile = dockerfile.replace(/^# syntax=[^\n]*\n/, '');
    const mapFile = flags['image-map'] ?? process.env['DOCKSTACK_IMAGE_MAP'];
    const map = mapFile ? (JSON.parse(readFileSync(path.resolve(mapFile), 'utf8')) as Record<string, string>) : {};
    const { buildArgs } = substituteBaseImages(dockerfile, map);
    for (const pair of flags['build-arg'] ?? []) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new DockstackError('E_USAGE', `--build-arg "${pair}" is not KEY=VALUE`);
      buildArgs[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    const work = mkdtempSync(path.join(tmpdir(), 'dockstack-verify-'));
    let context = cwd;
    try {
      const dfPath = path.join(work, 'Dockerfile');
      writeFileSync(dfPath, dockerfile);
      if (flags.edit !== undefined) {
        const { cpSync } = await import('node:fs');
        context = path.join(work, 'context');
        // verbatimSymlinks: links keep their own targets (cpSync would otherwise point them at the
        // originals), so an edit through a link either stays in the copy or is refused below
        cpSync(cwd, context, {
          recursive: true,
          verbatimSymlinks: true,
          filter: (src) => !/\/(node_modules|\.git)(\/|$)/.test(src.slice(cwd.length)),
        });
        const target = containedPath(context, flags.edit.replace(/\\/g, '/'), {
          code: 'E_USAGE',
          what: '--edit',
          hint: 'Name a source file inside the project (relative to --cwd), not a path through a symlink that leaves it.',
        });
        let regular = false;
        try {
          regular = lstatSync(target).isFile() || (lstatSync(target).isSymbolicLink() && statSync(target).isFile());
        } catch {
          regular = false;
        }
        if (!regular)
          throw new DockstackError('E_USAGE', `--edit ${flags.edit} is not a regular file in the project`, {
            hint: 'Name an existing source file, e.g. --edit server.js.',
          });
      }
      // BuildKit reads <Dockerfile>.dockerignore beside a Dockerfile given with -f first, else the context's
      // .dockerignore: the copy built here gets the one Docker would use for the project's file.
      const ignore = [`${file}.dockerignore`, path.join(cwd, '.dockerignore')].find((f) => existsSync(f));
      if (ignore !== undefined) writeFileSync(`${dfPath}.dockerignore`, readFileSync(ignore));
      const exposed = /^EXPOSE\s+(\d+)/m.exec(dockerfile)?.[1];
      const job = flags.job || exposed === undefined;
      const name =
        path
          .basename(cwd)
          .toLowerCase()
          .replace(/[^a-z0-9_.-]/g, '-') || 'app';
      let lastStep = '';
      // In a terminal each phase is a spinner (its current build step as the text); elsewhere plain lines on stderr.
      const progress = new Progress(spinnerWanted(flags.json));
      const spinning = spinnerWanted(flags.json);
      let phase = '';
      const report = await verifyImage({
        context,
        dockerfile: dfPath,
        tag: `dockstack-verify/${name}:latest`,
        buildArgs,
        check: job ? { run: { stdout: flags.contains } } : { http: { path: flags.path, status: flags.status, contains: flags.contains } },
        ...(exposed !== undefined && /^(8080|80)$/.test(exposed) && /nginx/i.test(dockerfile) ? { port: Number(exposed) } : {}),
        ...(flags.edit === undefined ? {} : { edit: flags.edit }),
        // The stack named in the generated header decides what "the dependency step" is.
        dependencyStep: dependencyStepFor(/^# Generated by dockstack \S+ from stack ([a-z0-9-]+)@/m.exec(dockerfile)?.[1]),
        // Jobs' uids are read by a probe built with a Go toolchain image (mapped like the base images).
        ...(map['golang:1.24-bookworm'] === undefined ? {} : { probeBuilder: map['golang:1.24-bookworm'] }),
        onProgress: (e) => {
          if (flags.json) return;
          if (e.line === undefined) {
            if (spinning) {
              if (phase !== '') progress.succeed(phase);
              phase = e.phase;
              progress.start(phase);
            } else process.stderr.write(`» ${e.phase}\n`);
          } else {
            const m = /^#\d+ (\[[^\]]+\] .*)$/.exec(e.line);
            if (m && m[1] !== lastStep && !m[1]!.startsWith('[internal]')) {
              lastStep = m[1]!;
              if (spinning)
                progress.update(
                  `${phase} ${terminalSafe(lastStep.slice(0, Math.max(20, (process.stderr.columns ?? 100) - phase.length - 8)))}`,
                );
              else this.stderr(`  ${lastStep.slice(0, 110)}\n`);
            }
          }
        },
      }).finally(() => (phase === '' ? progress.stop() : progress.succeed(phase)));
      this.print(report, { offline, buildArgs, args: globalArgs(dockerfile) });
      if (report.failures.length > 0) process.exitCode = 12;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  private print(report: VerifyReport, extra: { offline: boolean; buildArgs: Record<string, string>; args: Record<string, string> }): void {
    if (this.jsonOutput) {
      this.printJson({
        ok: report.failures.length === 0,
        command: 'verify',
        offline: extra.offline,
        substitutedBaseImages: extra.buildArgs,
        ...report,
      });
      return;
    }
    const { style: st, line } = stdoutPrinter();
    const r = report;
    // 90 characters of each layer's command; in a terminal, as many as fit on one row
    const layerWidth = st.rich && process.stdout.columns !== undefined ? Math.max(30, Math.min(90, process.stdout.columns - 26)) : 90;
    const ok = (good: boolean, yes = 'ok', no = 'FAILED'): string => (good ? st.green(yes) : st.red(no));
    const label = (name: string): string => st.dim(name.padEnd(10));
    line(`\nImage ${st.bold(st.safe(r.image))}`);
    line(
      `  ${label('build')} ${ok(r.build.ok)} in ${r.build.seconds.toFixed(1)} s (${r.build.steps.filter((s) => s.cached).length}/${r.build.steps.length} steps cached)`,
    );
    if (r.rebuild)
      line(
        `  ${label('rebuild')} ${r.rebuild.seconds.toFixed(1)} s after editing ${st.safe(r.rebuild.edited)}; edit ${r.rebuild.edit.proven ? `reached the image (${st.safe(r.rebuild.edit.how)})` : st.red('NOT in the image')}; install steps ${r.rebuild.installSteps.length === 0 ? 'none found' : ok(r.rebuild.installCached, 'cached', 'RE-RAN')}`,
      );
    if (r.size) {
      line(`  ${label('size')} ${mb(r.size.bytes)}`);
      for (const l of r.size.layers.filter((x) => x.bytes > 0))
        line(`             ${mb(l.bytes).padStart(9)}  ${st.dim(st.safe(l.createdBy.slice(0, layerWidth)))}`);
    }
    if (r.config)
      line(
        `  ${label('user')} ${st.safe(r.config.user) || st.red('root (unset)')}${r.run ? `; processes run as uid ${r.run.uids.join(', ')}` : ''}`,
      );
    if (r.run) line(`  ${label('check')} ${ok(r.run.check.ok)}: ${st.safe(r.run.check.detail)}`);
    if (r.health)
      line(
        `  ${label('health')} ${r.health.status === 'healthy' ? st.green(r.health.status) : st.red(st.safe(r.health.status))} after ${r.health.seconds.toFixed(1)} s`,
      );
    else if (r.config) line(`  ${label('health')} ${r.config.healthcheck ? 'not checked' : st.yellow('no HEALTHCHECK')}`);
    if (r.stop) line(`  ${label('stop')} ${r.stop.seconds.toFixed(2)} s`);
    if (r.failures.length === 0) line(`\n${st.ok}${st.green('All checks passed.')}`);
    else {
      line(`\n${st.fail}${st.red('Failed:')}`);
      for (const f of r.failures) line(`  - ${st.safe(f)}`);
    }
  }
}
