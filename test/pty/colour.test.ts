import assert from 'node:assert/strict';
import { nodeProject } from '../support/cli.js';
import { Terminal, haveTmux } from './tmux.js';

const SGR_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[(?:[0-9;]*;)?3[0-7]m`);

describe('pseudo-terminal: colour and symbols', function () {
  this.timeout(60_000);
  let term: Terminal | undefined;

  before(function () {
    if (haveTmux()) return;
    if (process.env['CI']) throw new Error('tmux is missing: run scripts/setup.sh --test');
    this.skip();
  });
  afterEach(() => {
    term?.close();
    term = undefined;
  });

  it('a terminal gets colours and symbols', async function () {
    term = new Terminal(['init', '--yes'], { cwd: nodeProject(), env: { FORCE_COLOR: '' } });
    assert.equal(await term.exitCode(), 0);
    assert.match(term.screen(), /^✔ created {5}Dockerfile$/m);
    assert.match(term.screen(true), SGR_COLOUR);
  });

  it('NO_COLOR keeps the symbols of a terminal but writes no colour', async function () {
    term = new Terminal(['init', '--yes'], { cwd: nodeProject(), env: { FORCE_COLOR: '', NO_COLOR: '1' } });
    assert.equal(await term.exitCode(), 0);
    assert.match(term.screen(), /^✔ created {5}Dockerfile$/m);
    assert.doesNotMatch(term.screen(true), SGR_COLOUR);
  });
});
