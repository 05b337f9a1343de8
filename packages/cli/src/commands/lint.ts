import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Args } from '@oclif/core';
import { DockstackError, EXIT_CODES } from '@dockstack/core';
import { countFindings, formatFindings, lintDockerfile, withDoc, type Finding } from '@dockstack/lint';
import { BaseCommand, projectFlags, resolveCwd } from '../base-command.js';

interface FileReport {
  file: string;
  findings: Finding[];
  notes: string[];
}

/** The .dockerignore Docker uses with this Dockerfile: `<file>.dockerignore` beside it, else `.dockerignore` in its folder. */
function dockerignoreFor(file: string): string | undefined {
  for (const candidate of [`${file}.dockerignore`, path.join(path.dirname(file), '.dockerignore')]) {
    if (existsSync(candidate)) return readFileSync(candidate, 'utf8');
  }
  return undefined;
}

function readDockerfile(file: string, shown: string): string {
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) throw new DockstackError('E_USAGE', `No Dockerfile at ${shown}`, { file: shown, hint: 'Pass an existing file, or run `dockstack add` to generate one.' });
  return readFileSync(file, 'utf8');
}

export default class Lint extends BaseCommand {
  static override summary = 'Check Dockerfiles against the E and W rules of dockstack\'s quality bar.';
  static override description = [
    'Lints any Dockerfile (not only generated ones) on a real parser: syntax, base images, stages, instruction form, package managers, ShellCheck on RUN bodies (needs the `shellcheck` binary; skipped with one note when missing), users and secrets. It also reads the .dockerignore beside the file (`<file>.dockerignore`, else `.dockerignore`): it must exclude .git, .env* and keys, and must not exclude anything the Dockerfile copies.',
    'Silence rules for the next instruction with a comment line: # dockstack-lint ignore=DS-38,DS-39',
    'Exit codes: 0 no error findings (warnings allowed); 13 at least one error finding (E_LINT); 2 usage error or file not found; 1 unexpected failure.',
  ].join('\n\n');
  static override examples = ['<%= config.bin %> lint', '<%= config.bin %> lint docker/api.Dockerfile --json', '<%= config.bin %> lint --cwd ./api'];
  static override strict = false;
  static override args = {
    file: Args.string({ description: 'Dockerfiles to lint, relative to --cwd (default: Dockerfile).', required: false }),
  };
  static override flags = { ...projectFlags };

  async run(): Promise<void> {
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
      this.log(`${checked}: ${summary.errors} error${summary.errors === 1 ? '' : 's'}, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}`);
    }
    if (summary.errors > 0) process.exitCode = EXIT_CODES.E_LINT;
  }
}
