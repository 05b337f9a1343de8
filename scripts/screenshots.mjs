#!/usr/bin/env node
// Regenerates docs/screenshots/{init,verify,explain}.svg, the terminal pictures in the README.
// Each scene runs the built CLI in a real terminal (a private tmux server, 100 columns), answers
// its prompts with send-keys, captures the screen with its colours (tmux capture-pane -e) and
// renders the ANSI text to SVG (anser parses the escape codes). Nothing is mocked: `verify`
// builds and runs the image on the local Docker engine, against the stand-in base images of
// scripts/standins (no registry is reachable here), so it needs the engine and those images.
//
//   pnpm -s build && node scripts/screenshots.mjs            # all scenes
//   node scripts/screenshots.mjs init explain                # some scenes
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Anser from 'anser';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(REPO, 'packages', 'cli', 'bin', 'run.js');
const OUT = path.join(REPO, 'docs', 'screenshots');
const COLUMNS = 100;
const END = '__screenshot_end__';

const q = (text) => `'${String(text).replace(/'/g, `'\\''`)}'`;

/** One tmux server per scene: the command runs in a terminal, its screen is read back. */
class Scene {
  constructor(shown, args, cwd, env = {}) {
    this.socket = `dockstack-shot-${process.pid}-${Math.random().toString(16).slice(2, 8)}`;
    const vars = Object.entries(env).map(([k, v]) => `${k}=${q(v)}`).join(' ');
    const command = [
      `cd ${q(cwd)}`,
      `printf '\\033[1;32m$\\033[0m %s\\n' ${q(shown)}`,
      `env -u CI -u NO_COLOR -u FORCE_COLOR ${vars} ${q(process.execPath)} ${q(BIN)} ${args.map(q).join(' ')}`,
      `printf '%s\\n' ${END}`,
      'exec sleep 900',
    ].join('; ');
    this.tmux('new-session', '-d', '-s', 'shot', '-x', String(COLUMNS), '-y', '60', 'sh', '-c', command);
  }
  tmux(...args) {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }
  /** The screen and its scroll-back; rows as the terminal shows them (long lines wrapped at the width). */
  screen(colours = false) {
    return this.tmux('capture-pane', '-p', '-S', '-', ...(colours ? ['-e'] : []), '-t', 'shot');
  }
  async waitFor(pattern, ms = 30_000) {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const text = this.screen();
      if (pattern.test(text)) return text;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${pattern}:\n${this.screen()}`);
  }
  keys(...k) {
    this.tmux('send-keys', '-t', 'shot', ...k);
  }
  /** Accepts each prompt's pre-filled answer until the command ends. */
  async acceptAll(ms) {
    for (;;) {
      const screen = await this.waitFor(new RegExp(`${END}|^\\? `, 'm'), ms);
      if (screen.includes(END)) return;
      const answered = screen.split('\n').filter((l) => l.startsWith('✔ ')).length;
      this.keys('Enter');
      const end = Date.now() + 10_000;
      while (Date.now() < end && this.screen().split('\n').filter((l) => l.startsWith('✔ ')).length <= answered) await new Promise((r) => setTimeout(r, 100));
    }
  }
  /** The coloured screen up to the end marker. */
  capture() {
    const lines = this.screen(true).split('\n');
    const end = lines.findIndex((l) => Anser.ansiToText(l).trim() === END);
    const kept = lines.slice(0, end === -1 ? lines.length : end);
    while (kept.length > 0 && Anser.ansiToText(kept.at(-1)).trim() === '') kept.pop();
    return kept;
  }
  close() {
    const socketPath = spawnSync('tmux', ['-L', this.socket, 'display-message', '-p', '#{socket_path}'], { encoding: 'utf8' }).stdout.trim();
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
    if (socketPath !== '') rmSync(socketPath, { force: true });
  }
}

// A dark terminal palette for the 16 ANSI colours anser reports as "r, g, b".
const PALETTE = {
  '0, 0, 0': '#1e1e1e',
  '187, 0, 0': '#f14c4c',
  '0, 187, 0': '#23d18b',
  '187, 187, 0': '#f5f543',
  '0, 0, 187': '#3b8eea',
  '187, 0, 187': '#d670d6',
  '0, 187, 187': '#29b8db',
  '255, 255, 255': '#e5e5e5',
  '85, 85, 85': '#8a8a8a',
};
const FG = '#d4d4d4';
const esc = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** ANSI lines to an SVG terminal window (monospace text, one <text> per line). */
function svgOf(lines, title) {
  const font = 14;
  const lineHeight = 19;
  const charWidth = 8.43; // 0.6 em: the advance of common monospace fonts at 14 px
  const top = 44;
  const width = Math.ceil(COLUMNS * charWidth + 32);
  const height = top + lines.length * lineHeight + 16;
  const rows = lines.map((line, i) => {
    const spans = Anser.ansiToJson(line, { json: true, remove_empty: true })
      .map((c) => {
        const attrs = [];
        const fg = c.fg === null ? null : (PALETTE[c.fg] ?? `rgb(${c.fg})`);
        if (fg !== null) attrs.push(`fill="${fg}"`);
        if (c.decorations.includes('bold')) attrs.push('font-weight="bold"');
        if (c.decorations.includes('dim')) attrs.push('fill-opacity="0.6"');
        if (c.decorations.includes('underline')) attrs.push('text-decoration="underline"');
        return attrs.length === 0 ? esc(c.content) : `<tspan ${attrs.join(' ')}>${esc(c.content)}</tspan>`;
      })
      .join('');
    return `  <text x="16" y="${top + i * lineHeight}">${spans}</text>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}">`,
    `  <title>${esc(title)}</title>`,
    `  <rect width="100%" height="100%" rx="8" fill="#1e1e1e"/>`,
    `  <circle cx="20" cy="16" r="6" fill="#ff5f56"/><circle cx="40" cy="16" r="6" fill="#ffbd2e"/><circle cx="60" cy="16" r="6" fill="#27c93f"/>`,
    `  <g font-family="ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace" font-size="${font}" fill="${FG}" xml:space="preserve">`,
    ...rows,
    '  </g>',
    '</svg>',
    '',
  ].join('\n');
}

/** A fresh copy of examples/hello-node (its sources only) in a folder named like the example. */
function helloNode(base) {
  const dir = path.join(base, 'hello-node-demo');
  mkdirSync(dir, { recursive: true });
  for (const f of ['package.json', 'package-lock.json', 'server.js']) copyFileSync(path.join(REPO, 'examples', 'hello-node', f), path.join(dir, f));
  return dir;
}

async function run(name, scene, drive) {
  try {
    await drive(scene);
    const lines = scene.capture();
    writeFileSync(path.join(OUT, `${name}.svg`), svgOf(lines, `dockstack ${name}`));
    console.log(`wrote docs/screenshots/${name}.svg (${lines.length} lines)`);
  } finally {
    scene.close();
  }
}

const wanted = process.argv.slice(2);
const want = (n) => wanted.length === 0 || wanted.includes(n);
const base = mkdtempSync(path.join(tmpdir(), 'dockstack-shots-'));
mkdirSync(OUT, { recursive: true });
try {
  const dir = helloNode(base);
  // init: interactive, every pre-filled answer accepted (the project gets its Dockerfile for the next scenes)
  const init = new Scene('dockstack init', ['init'], dir);
  if (want('init')) await run('init', init, (s) => s.acceptAll(30_000));
  else {
    await init.acceptAll(30_000);
    init.close();
  }
  if (want('verify')) {
    copyFileSync(path.join(REPO, 'scripts', 'standins', 'map.json'), path.join(base, 'map.json'));
    const env = { DOCKSTACK_OFFLINE: '1', DOCKSTACK_IMAGE_MAP: '../map.json' };
    const shown = 'DOCKSTACK_OFFLINE=1 DOCKSTACK_IMAGE_MAP=../map.json dockstack verify';
    await run('verify', new Scene(shown, ['verify'], dir, env), (s) => s.waitFor(new RegExp(END), 600_000));
  }
  if (want('explain')) await run('explain', new Scene('dockstack explain --line 6', ['explain', '--line', '6'], dir), (s) => s.waitFor(new RegExp(END)));
} finally {
  rmSync(base, { recursive: true, force: true });
}
