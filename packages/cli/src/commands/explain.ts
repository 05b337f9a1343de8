import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Args, Flags } from '@oclif/core';
import {
  DockstackError,
  LOCK_FILE,
  explainFile,
  loadConfig,
  lockedSources,
  lockedStack,
  readLock,
  servicePath,
  type ExplainedLine,
} from '@dockstack/core';
import { BaseCommand, projectFlags, resolveCwd } from '../base-command.js';
import { loadCatalog } from '../stacks.js';
import { stdoutPrinter } from '../ui/style.js';

// The rule catalogue (and with it the Dockerfile parser) is loaded by the commands that use it only.
type Lint = typeof import('@dockstack/lint');

function ruleView({ ruleById, ruleDocPath }: Lint, id: string): { id: string; level: string; title: string; doc: string } {
  const rule = ruleById(id);
  return { id, level: rule?.level ?? 'policy', title: rule?.title ?? id, doc: ruleDocPath(id) };
}

function lineView(lint: Lint, l: ExplainedLine): Record<string, unknown> {
  return { ...l, rules: l.rules.map((id) => ruleView(lint, id)) };
}

export default class Explain extends BaseCommand {
  static override summary =
    'Explain every line of a generated Dockerfile: stack, template line, options and their sources, rules, and why.';
  static override description = [
    `Re-renders the file from its entry in ${LOCK_FILE} with every template line marked, so each line of the file maps to the template file and line that printed it (through partials), the options that line reads (value and source: default, detection, config, or flag --set / prompt), the quality rules it follows (pages under docs/rules/) and why it is there. Lines edited after generation are reported as such. Reads only.`,
    'Exit codes: 0 explained; 2 usage error (no such file or line); 8 no lock entry for the file (E_LOCK).',
  ].join('\n\n');
  static override examples = [
    '<%= config.bin %> explain',
    '<%= config.bin %> explain --line 12',
    '<%= config.bin %> explain api/Dockerfile --json',
  ];
  static override args = {
    file: Args.string({ description: 'Generated file to explain, relative to --cwd (default: Dockerfile).', required: false }),
  };
  static override flags = {
    ...projectFlags,
    line: Flags.integer({ description: 'Explain only this line (1-based).', min: 1 }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Explain);
    this.jsonOutput = flags.json;
    const root = resolveCwd(flags.cwd);
    const shown = args.file ?? 'Dockerfile';
    const file = path.resolve(root, shown);
    const rel = path.relative(root, file).split(path.sep).join('/');
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new DockstackError('E_USAGE', `${shown} is outside the project ${root}`, {
        file: shown,
        hint: 'Name a file inside the project, or point --cwd at its project.',
      });
    }
    const info = await stat(file).catch(() => undefined);
    if (info === undefined || !info.isFile())
      throw new DockstackError('E_USAGE', `No file at ${shown}`, {
        file: shown,
        hint: 'Pass a generated file, e.g. Dockerfile or api/Dockerfile, relative to --cwd.',
      });
    const lock = await readLock(root);
    if (lock === undefined)
      throw new DockstackError('E_LOCK', `No ${LOCK_FILE} in ${root}: explain needs the lock entry that generated ${shown}`, {
        file: LOCK_FILE,
        hint: 'Run explain in the project root (or pass --cwd), after "dockstack init" or "dockstack add".',
      });
    const at = path.posix.dirname(rel);
    const name = path.posix.basename(rel);
    const locked = lock.services[at];
    if (locked === undefined || locked.files[name] === undefined) {
      throw new DockstackError('E_LOCK', `${rel} is not a file ${LOCK_FILE} records`, {
        file: LOCK_FILE,
        hint: `Files it records: ${
          Object.entries(lock.services)
            .flatMap(([s, e]) => Object.keys(e.files).map((f) => path.posix.join(s, f)))
            .join(', ') || 'none'
        }.`,
      });
    }
    const catalog = await loadCatalog();
    const stack = lockedStack(catalog, at, locked);
    const loaded = await loadConfig(root);
    const configValues = loaded?.config.stacks.find((e) => servicePath(e) === at)?.options ?? {};
    const content = await readFile(file, 'utf8');
    const lint = await import('@dockstack/lint');
    const { ruleById, ruleDocPath } = lint;
    const explanation = explainFile(stack, locked, name, content, lockedSources(stack, locked, configValues), lint.rulesForLine);
    let lines = explanation.lines;
    if (flags.line !== undefined) {
      if (flags.line > lines.length)
        throw new DockstackError('E_USAGE', `${rel} has ${lines.length} lines; there is no line ${flags.line}`, {
          file: rel,
          hint: `Pass --line between 1 and ${lines.length}.`,
        });
      lines = lines.filter((l) => l.line === flags.line);
    }
    if (flags.json) {
      this.printJson({
        ok: true,
        command: 'explain',
        cwd: root,
        file: rel,
        stack: explanation.stack,
        asGenerated: explanation.asGenerated,
        lines: lines.map((l) => lineView(lint, l)),
      });
      return;
    }
    const { style: st, line } = stdoutPrinter();
    line(
      `${st.safe(rel)}: generated by stack ${st.bold(`${explanation.stack.id}@${explanation.stack.version}`)}${explanation.asGenerated ? '' : st.yellow(' (edited since: lines not from a template are marked)')}`,
    );
    const width = String(explanation.lines.length).length;
    const pad = ' '.repeat(width + 3);
    const label = (name: string): string => `${pad}${st.dim(name.padEnd(8))} `;
    for (const l of lines) {
      line(`${st.dim(`${String(l.line).padStart(width)} |`)} ${st.bold(st.safe(l.text))}`);
      if (l.template === null) {
        line(`${pad}${st.yellow('not from a template:')} ${st.safe(l.why)}`);
        continue;
      }
      const via = l.includedFrom === undefined ? '' : ` (included from ${st.safe(l.includedFrom.file)}:${l.includedFrom.line})`;
      line(
        `${label('from')}${st.safe(l.template.file)}:${l.template.line}${via}${l.stage === undefined ? '' : `, stage ${st.safe(l.stage)}`}`,
      );
      if (l.options.length > 0)
        line(
          `${label('options')}${l.options.map((o) => `${st.cyan(o.name)}=${st.safe(JSON.stringify(o.value))} ${st.dim(`(${st.safe(o.source)})`)}`).join(', ')}`,
        );
      for (const id of l.rules) line(`${label('rule')}${st.cyan(id)} ${ruleById(id)?.title ?? ''} ${st.dim(`(${ruleDocPath(id)})`)}`);
      line(`${label('why')}${st.safe(l.why)}`);
    }
  }
}
