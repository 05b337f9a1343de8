import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Args } from '@oclif/core';
import { DockstackError, EXIT_CODES } from '@dockstack/core';
import type { Finding } from '@dockstack/lint';
import { BaseCommand, projectFlags, resolveCwd } from '../base-command.js';

interface FileReport {
  file: string;
  findings: Finding[];
  notes: string[];
}

/** The .dockerignore Docker uses with this Dockerfile: `<file>.dockerignore` beside it, else `.dockerignore` in its folder. */
function dockerignoreFor(file: string): string | undefined {
  for (const candidate of [`${file}.dockerignore`, path.join(path.dirname(file), '.dockerignore')]) {
    try {
      lstatSync(candidate);
    } catch {
      continue;
    }
    return readRegular(candidate, path.basename(candidate));
  }
  return undefined;
}

/** Largest Dockerfile or .dockerignore lint reads. */
const MAX_LINT_BYTES = 4 * 1024 * 1024;

/** A regular file's text; a FIFO, device or folder is never read (it could block forever). */
function readRegular(file: string, shown: string): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (cause) {
    throw new DockstackError('E_USAGE', `Cannot read ${shown}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, {
      file: shown,
      hint: 'Pass a readable regular file.',
    });
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile())
      throw new DockstackError('E_USAGE', `${shown} is not a regular file; not read`, {
        file: shown,
        hint: `Replace ${shown} with a regular file.`,
      });
    if (info.size > MAX_LINT_BYTES)
      throw new DockstackError('E_USAGE', `${shown} is ${info.size} bytes, more than the ${MAX_LINT_BYTES} lint reads`, {
        file: shown,
        hint: 'Lint a real Dockerfile.',
      });
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

function readDockerfile(file: string, shown: string): string {
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile)
    throw new DockstackError('E_USAGE', `No Dockerfile at ${shown}`, {
      file: shown,
      hint: 'Pass an existing file, or run `dockstack add` to generate one.',
    });
  return readRegular(file, shown);
}

export default class Lint extends BaseCommand {
  static override summary = "Check Dockerfiles against the E and W rules of dockstack's quality bar.";
  static override description = [
    'Lints any Dockerfile (not only generated ones) on a real parser: syntax, base images, stages, instruction form, package managers, ShellCheck on RUN bodies (needs the `shellcheck` binary; skipped with one note when missing), users and secrets. It also reads the .dockerignore beside the file (`<file>.dockerignore`, else `.dockerignore`): it must exclude .git, .env* and keys, and must not exclude anything the Dockerfile copies.',
    'Silence rules for the next instruction with a comment line: # dockstack-lint ignore=DS-38,DS-39',
    'Exit codes: 0 no error findings (warnings allowed); 13 at least one error finding (E_LINT); 2 usage error or file not found; 1 unexpected failure.',
  ].join('\n\n');
  static override examples = [
    '<%= config.bin %> lint',
    '<%= config.bin %> lint docker/api.Dockerfile --json',
    '<%= config.bin %> lint --cwd ./api',
  ];
  static override strict = false;
  static override args = {
    file: Args.string({ description: 'Dockerfiles to lint, relative to --cwd (default: Dockerfile).', required: false }),
  };
  static override flags = { ...projectFlags };

  async run(): Promise<void> {
    // The linter (and the Dockerfile parser) is loaded by this command only, not on every start.
    const { countFindings, formatFindings, lintDockerfile, withDoc } = await import('@dockstack/lint');
    this.jsonOutput = this.argv.includes('--json');
    const { argv, flags } = await this.parse(Lint);
    this.jsonOutput = flags.json;
    const cwd = resolveCwd(flags.cwd);
    const names = (argv as string[]).length > 0 ? (argv as string[]) : ['Dockerfile'];
    const inputs = names.map((name) => {
      const file = path.resolve(cwd, name);
      return { name, file, text: readDockerfile(file, name) };
    });
    const files: FileReport[] = [];
    for (const { name, file, text } of inputs) {
      const result = await lintDockerfile(text, { dockerignore: dockerignoreFor(file), file: name, shellcheck: 'auto' });
      files.push({ file: name, findings: result.findings.map(withDoc), notes: result.notes });
    }
    const summary = countFindings(files.flatMap((f) => f.findings));
    if (flags.json) {
      this.printJson({ ok: summary.errors === 0, files, summary });
    } else {
      for (const f of files) {
        if (f.findings.length > 0) this.log(formatFindings(f.findings, f.file));
        for (const note of f.notes) this.log(`${f.file}: note: ${note}`);
      }
      const checked = `${files.length} file${files.length === 1 ? '' : 's'}`;
      this.log(
        `${checked}: ${summary.errors} error${summary.errors === 1 ? '' : 's'}, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}`,
      );
    }
    if (summary.errors > 0) process.exitCode = EXIT_CODES.E_LINT;
  }
}
