import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { nodeProject, runCli } from '../support/cli.js';

describe('CLI: explain and lint rule pages', function () {
  this.timeout(120_000);
  let dir: string;
  before(function () {
    dir = nodeProject();
    const r = runCli(['init', '--yes', '--set', 'nodeVersion=22', '--cwd', dir]);
    assert.equal(r.status, 0, r.stderr);
  });

  it('explains every line of the generated Dockerfile as JSON: template line, options with sources, rules with pages, why', function () {
    const r = runCli(['explain', '--json', '--cwd', dir]);
    assert.equal(r.status, 0, r.stderr);
    const out = r.json();
    const text = readFileSync(path.join(dir, 'Dockerfile'), 'utf8').replace(/\n$/, '').split('\n');
    assert.equal(out.lines.length, text.length);
    assert.equal(out.asGenerated, true);
    for (const l of out.lines) {
      assert.equal(l.text, text[l.line - 1]);
      assert.match(l.template.file, /^template\/.+\.ejs$/);
      assert.ok(l.why.length > 0);
      for (const rule of l.rules) assert.equal(rule.doc, `docs/rules/${rule.id}.md`);
    }
    const arg = out.lines.find((l: { text: string }) => l.text === 'ARG NODE_VERSION=22');
    assert.deepEqual(
      arg.options.map((o: { name: string; value: unknown; source: string }) => [o.name, o.value, o.source]),
      [['nodeVersion', '22', 'flag --set or prompt']],
    );
    const from = out.lines.find((l: { text: string }) => /^FROM .* AS runtime$/.test(l.text));
    assert.ok(from.rules.some((r: { id: string }) => r.id === 'DS-10'));
    const user = out.lines.find((l: { kind: string }) => l.kind === 'USER');
    assert.ok(user.rules.some((r: { id: string }) => r.id === 'DS-40'));
  });

  it('--line N explains one line in text; an edited line is reported as not from a template', function () {
    const one = runCli(['explain', '--line', '1', '--cwd', dir]);
    assert.equal(one.status, 0, one.stderr);
    assert.match(one.stdout, /1 \| # syntax=docker\/dockerfile:1/);
    assert.match(one.stdout, /from {5}template\/Dockerfile\.ejs:\d+/);
    assert.match(one.stdout, /DS-01 .*\(docs\/rules\/DS-01\.md\)/);
    const file = path.join(dir, 'Dockerfile');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.splice(3, 0, 'RUN echo added by hand');
    writeFileSync(file, lines.join('\n'));
    const edited = runCli(['explain', '--json', '--line', '4', '--cwd', dir]).json();
    assert.equal(edited.asGenerated, false);
    assert.equal(edited.lines[0].template, null);
    assert.match(edited.lines[0].why, /edited after generation/);
  });

  it('usage mistakes: a line past the end, a file outside the project, no lock', function () {
    const past = runCli(['explain', '--line', '9999', '--json', '--cwd', dir]);
    assert.equal(past.status, 2);
    assert.equal(past.json().error.code, 'E_USAGE');
    assert.equal(runCli(['explain', '../x', '--cwd', dir]).status, 2);
    const bare = nodeProject({ Dockerfile: 'FROM node:22\n' });
    const noLock = runCli(['explain', '--cwd', bare]);
    assert.equal(noLock.status, 8);
    assert.match(noLock.stderr, /E_LOCK/);
  });

  it('lint findings link their rule page (text and --json); ShellCheck info alone does not fail lint', function () {
    const bare = nodeProject({
      Dockerfile: 'FROM alpine:3.20\nRUN echo $1\nUSER 1000:1000\nCMD ["sh"]\n',
      '.dockerignore': '.git\n.env*\n*.pem\n*.key\n',
    });
    const json = runCli(['lint', '--json', '--cwd', bare]);
    const findings = json.json().files[0].findings;
    for (const f of findings) assert.equal(f.doc, `docs/rules/${f.rule}.md`);
    const text = runCli(['lint', '--cwd', bare]);
    if (findings.some((f: { rule: string }) => f.rule === 'DS-38')) {
      assert.equal(json.status, 0, json.stdout);
      assert.match(text.stdout, /DS-38 warning ShellCheck SC2086 \(info\).*\[docs\/rules\/DS-38\.md\]/);
    }
  });
});
