import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { nodeProject, runCli } from '../support/cli.js';
import { project, treeHash } from '../cli/project-support.js';
import { Terminal, haveTmux } from './tmux.js';

/** The highlighted entry of a select prompt. */
const selected = (screen: string): string | undefined => /^❯ (\S+)/m.exec(screen)?.[1];

/** Moves a select prompt's cursor down until `id` is highlighted. */
async function selectEntry(term: Terminal, id: string): Promise<void> {
  for (let i = 0; i < 30; i++) {
    const now = selected(await term.waitFor(/^❯ \S+/m));
    if (now === id) return;
    term.keys('Down');
    await term.waitFor(new RegExp(`^❯ (?!${now}\\b)\\S+`, 'm'));
  }
  throw new Error(`${id} never highlighted:\n${term.screen()}`);
}

const answered = (screen: string): number => screen.split('\n').filter((l) => l.startsWith('✔ ')).length;
const EXITED = /\[exit \d+\]/;

/**
 * Accepts each prompt's pre-filled answer (Enter) until the screen matches `stop` or the command
 * ends; an open prompt is a line starting with "? ", an answered one turns into "✔ ...".
 */
async function acceptUntil(term: Terminal, stop: RegExp): Promise<string> {
  for (let i = 0; i < 20; i++) {
    const screen = await term.until((s) => stop.test(s) || EXITED.test(s) || /^\? /m.test(s), `${stop} or a prompt`);
    if (stop.test(screen) || EXITED.test(screen)) return screen;
    const before = answered(screen);
    term.keys('Enter');
    await term.until((s) => answered(s) > before || EXITED.test(s) || stop.test(s), 'the prompt to be answered');
  }
  throw new Error(`still prompting:\n${term.screen()}`);
}

/** Accepts every remaining prompt's pre-filled answer; returns the exit code. */
async function acceptRemaining(term: Terminal): Promise<number> {
  await acceptUntil(term, EXITED);
  return term.exitCode();
}

const OVERWRITE = /Overwrite Dockerfile with the changes above\? \(y\/N\)/;

describe('pseudo-terminal: interactive init', function () {
  this.timeout(90_000);
  let term: Terminal | undefined;

  before(function () {
    if (haveTmux()) return;
    // CI installs tmux (scripts/setup.sh --test): there a missing tmux is a failure, not a skip.
    if (process.env['CI']) throw new Error('tmux is missing: run scripts/setup.sh --test');
    this.skip();
  });
  afterEach(() => {
    term?.close();
    term = undefined;
  });

  it('shows the evidence before any prompt, then asks the important options pre-filled with detected values', async function () {
    const dir = nodeProject();
    term = new Terminal(['init'], { cwd: dir });
    const screen = await term.waitFor(/^\? nodeVersion: .*\(22\)/m);
    const evidence = screen.indexOf('evidence');
    assert.ok(evidence >= 0 && evidence < screen.indexOf('? nodeVersion'), screen);
    assert.equal(await acceptRemaining(term), 0);
    const done = term.screen();
    assert.match(done, /nodeVersion = "22" {2}\(detection/);
    assert.match(done, /Next steps:\n {2}docker build -t [\w.-]+ \.\n {2}docker run --rm -p 3000:3000 [\w.-]+\n {2}dockstack verify\n/);
    // accepting the detected value keeps it detected: nothing about it is saved in the config
    assert.doesNotMatch(readFileSync(path.join(dir, '.dockstackrc.json'), 'utf8'), /nodeVersion/);
  });

  it('a bad answer is explained and asked again; nothing aborts', async function () {
    const dir = nodeProject();
    term = new Terminal(['init'], { cwd: dir });
    await term.waitFor(/^\? nodeVersion: .*\(22\)/m);
    term.type('abc');
    term.keys('Enter');
    const refused = await term.waitFor(/must match the pattern/);
    assert.match(refused, /^\? nodeVersion: /m, 'the same prompt is still open');
    assert.doesNotMatch(refused, /\[exit \d+\]/);
    term.keys('BSpace', 'BSpace', 'BSpace');
    term.type('20');
    term.keys('Enter');
    await term.waitFor(/^✔ nodeVersion: .* 20$/m);
    assert.equal(await acceptRemaining(term), 0);
    assert.match(term.screen(), /nodeVersion = "20" {2}\(prompt\)/);
    assert.equal(JSON.parse(readFileSync(path.join(dir, '.dockstackrc.json'), 'utf8')).stacks[0].options.nodeVersion, '20');
  });

  it('no stack recognised: a picker lists every stack and generates the chosen one', async function () {
    const none = project({ 'notes.txt': 'notes\n' });
    term = new Terminal(['init'], { cwd: none });
    const screen = await term.waitFor(/No stack recognised this folder/);
    for (const id of ['bun', 'go', 'node', 'python']) assert.match(screen, new RegExp(`^[❯ ] ${id} `, 'm'));
    await selectEntry(term, 'static');
    term.keys('Enter');
    assert.equal(await acceptRemaining(term), 0);
    assert.match(readFileSync(path.join(none, 'Dockerfile'), 'utf8'), /from stack static@/);
  });

  it('unsure detection (a weak candidate): the picker lists it first with its confidence, then the other stacks', async function () {
    const dir = project({ 'main.py': 'print("hi")\n' });
    term = new Terminal(['init'], { cwd: dir });
    const screen = await term.waitFor(/Detection is not sure\. Which stack is it\?/);
    assert.match(screen, /^❯ python {2}Python \(detected, confidence 0\.\d\d\)$/m);
    assert.match(screen, /^ {2}bun {2}/m);
    term.keys('Enter');
    assert.equal(await acceptRemaining(term), 0);
    assert.match(readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), /from stack python@/);
  });

  it('an existing file that differs: the diff is shown and a "no" leaves every file as it was (exit 6)', async function () {
    const dir = nodeProject();
    assert.equal(runCli(['init', '--yes', '--cwd', dir]).status, 0);
    const edited = `${readFileSync(path.join(dir, 'Dockerfile'), 'utf8')}# my own line\n`;
    writeFileSync(path.join(dir, 'Dockerfile'), edited);
    const before = treeHash(dir);
    term = new Terminal(['init'], { cwd: dir });
    await acceptUntil(term, OVERWRITE);
    const ask = await term.waitFor(OVERWRITE);
    assert.match(ask, /^-# my own line$/m, 'the diff shows the line that would go');
    term.type('n');
    term.keys('Enter');
    assert.equal(await term.exitCode(), 6);
    assert.match(term.screen(), /Left Dockerfile unchanged/);
    assert.equal(treeHash(dir), before);
  });

  it('a "yes" at the overwrite prompt writes the generated file back', async function () {
    const dir = nodeProject();
    assert.equal(runCli(['init', '--yes', '--cwd', dir]).status, 0);
    const generated = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    writeFileSync(path.join(dir, 'Dockerfile'), `${generated}# my own line\n`);
    term = new Terminal(['init'], { cwd: dir });
    await acceptUntil(term, OVERWRITE);
    term.type('y');
    term.keys('Enter');
    assert.equal(await term.exitCode(), 0);
    assert.equal(readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), generated);
  });

  for (const at of ['the first prompt', 'the overwrite confirmation']) {
    it(`Ctrl-C at ${at} leaves the project byte-for-byte unchanged (exit 130)`, async function () {
      const dir = nodeProject();
      if (at !== 'the first prompt') {
        assert.equal(runCli(['init', '--yes', '--cwd', dir]).status, 0);
        writeFileSync(path.join(dir, 'Dockerfile'), `${readFileSync(path.join(dir, 'Dockerfile'), 'utf8')}# mine\n`);
      }
      const before = treeHash(dir);
      term = new Terminal(['init'], { cwd: dir });
      if (at === 'the first prompt') await term.waitFor(/^\? nodeVersion: /m);
      else await acceptUntil(term, OVERWRITE);
      term.keys('C-c');
      assert.equal(await term.exitCode(), 130);
      assert.match(term.screen(), /Cancelled: nothing was written\./);
      assert.equal(treeHash(dir), before);
      assert.ok(!existsSync(path.join(dir, '.dockstack.lock')), 'the project lock is released');
    });
  }
});
