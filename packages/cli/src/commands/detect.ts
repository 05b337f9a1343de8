import { detectStacks, monorepoHint } from '@dockstack/core';
import { BaseCommand, projectFlags, resolveCwd } from '../base-command.js';
import { loadCatalog } from '../stacks.js';
import { Progress, spinnerWanted } from '../ui/progress.js';

export default class Detect extends BaseCommand {
  static override summary = 'Show which stacks match the project, with evidence and proposed options. Reads only.';
  static override examples = ['<%= config.bin %> detect', '<%= config.bin %> detect --cwd ./api --json'];
  static override flags = { ...projectFlags };

  async run(): Promise<void> {
    const { flags } = await this.parse(Detect);
    this.jsonOutput = flags.json;
    const cwd = resolveCwd(flags.cwd);
    const catalog = await loadCatalog();
    const report = await new Progress(spinnerWanted(flags.json)).step('Detecting', () => detectStacks(catalog.latest(), cwd));
    if (flags.json) {
      this.printJson({
        ok: true,
        command: 'detect',
        cwd,
        candidates: report.candidates.map((c) => ({
          id: c.stack.id,
          version: c.stack.version,
          confidence: c.result.confidence,
          reasons: c.result.reasons,
          options: c.result.options,
          why: c.result.why ?? {},
          notes: c.result.notes ?? [],
          processes: c.result.processes ?? [],
        })),
        problems: report.problems,
        unsupported: report.unsupported,
        read: { files: report.stats.filesRead, bytes: report.stats.bytesRead, truncated: report.stats.truncated },
      });
      return;
    }
    if (report.candidates.length === 0) {
      this.log(`No stack recognised ${cwd}. Name one with: dockstack add <stack>`);
      for (const u of report.unsupported) this.log(`  detected  ${u.file}: ${u.says}`);
      const monorepo = await monorepoHint(cwd);
      if (monorepo !== undefined) this.log(`  note      ${monorepo}`);
    }
    for (const c of report.candidates) {
      this.log(`${c.stack.id}@${c.stack.version}  confidence ${c.result.confidence.toFixed(2)}`);
      for (const r of c.result.reasons) this.log(`  evidence  ${r.file}: ${r.says}`);
      for (const [k, v] of Object.entries(c.result.options))
        this.log(`  proposes  ${k} = ${JSON.stringify(v)}${c.result.why?.[k] ? `  (${c.result.why[k]})` : ''}`);
      for (const p of c.result.processes ?? []) this.log(`  process   ${p.name}: ${p.command}  (${p.why})`);
      for (const n of c.result.notes ?? []) this.log(`  note      ${n}`);
    }
    for (const p of report.problems)
      this.warn(p.dropped === undefined ? `detector of ${p.stack} failed: ${p.message}` : `${p.stack}: ${p.message}`);
    if (report.stats.truncated.length > 0) this.log(`(detection stopped early: ${report.stats.truncated.slice(0, 3).join('; ')})`);
  }
}
