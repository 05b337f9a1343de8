import assert from 'node:assert/strict';
import { nodeProject, runCli, tempProject } from '../support/cli.js';
import { colourWanted, richWanted } from '../../packages/cli/src/ui/style.js';
import { nextSteps } from '../../packages/cli/src/ui/next-steps.js';

const ESC = String.fromCharCode(27);

describe('CLI: text output for people and for logs', function () {
  this.timeout(60_000);

  it('colour policy: FORCE_COLOR wins, then NO_COLOR, then whether the stream is a terminal', function () {
    const tty = { isTTY: true };
    const pipe = { isTTY: false };
    assert.equal(colourWanted(tty, {}), true);
    assert.equal(colourWanted(pipe, {}), false);
    assert.equal(colourWanted(tty, { NO_COLOR: '1' }), false);
    assert.equal(colourWanted(tty, { NO_COLOR: '' }), true, 'an empty NO_COLOR is ignored');
    assert.equal(colourWanted(pipe, { FORCE_COLOR: '1' }), true);
    assert.equal(colourWanted(tty, { FORCE_COLOR: '0' }), false);
    assert.equal(colourWanted(tty, { TERM: 'dumb' }), false);
    assert.equal(richWanted(pipe, { FORCE_COLOR: '1' }), false, 'symbols only in a terminal');
  });

  it('piped init: plain lines (no escape codes, no symbols), the picked defaults and the next steps', function () {
    const dir = nodeProject();
    const r = runCli(['init', '--yes', '--cwd', dir], { env: { FORCE_COLOR: undefined, NO_COLOR: undefined } });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!(r.stdout + r.stderr).includes(ESC), 'no escape code');
    assert.match(r.stdout, /^created {5}Dockerfile$/m);
    assert.match(r.stdout, /^ {2}nodeVersion = "22" {2}\(detection: /m);
    // important options left at their defaults are named, the rest counted
    assert.match(r.stdout, /^ {2}\d+ other options at their defaults \(dockstack stacks info node\)$/m);
    assert.match(
      r.stdout,
      new RegExp(
        `\\nNext steps:\\n {2}docker build -t [\\w.-]+ ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n {2}docker run --rm -p 3000:3000 [\\w.-]+\\n {2}dockstack verify --cwd `,
      ),
    );
  });

  it('an important option at its default is listed as (default)', function () {
    // no framework dependency: the important option `framework` stays at its default
    const dir = tempProject({
      'package.json': JSON.stringify({ name: 'plain', version: '1.0.0', scripts: { start: 'node server.js' } }),
      'server.js': "require('http').createServer((q, s) => s.end('hi')).listen(3000);\n",
    });
    const r = runCli(['init', '--yes', '--cwd', dir]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^ {2}framework = "none" {2}\(default\)$/m);
  });

  it('FORCE_COLOR colours piped output, and --json stays plain JSON', function () {
    const coloured = runCli(['init', '--yes', '--dry-run', '--cwd', nodeProject()], { env: { FORCE_COLOR: '1' } });
    assert.equal(coloured.status, 0, coloured.stderr);
    assert.ok(coloured.stdout.includes(`${ESC}[`), 'colour codes');
    const json = runCli(['init', '--yes', '--json', '--dry-run', '--cwd', nodeProject()], { env: { FORCE_COLOR: '1' } });
    assert.equal(json.status, 0, json.stderr);
    assert.ok(!json.stdout.includes(ESC), 'no escape code in JSON');
    assert.equal(json.json().ok, true);
  });

  it('next steps: one service -> docker build/run; several -> docker compose; paths as typed', function () {
    const df = 'FROM x AS runtime\nEXPOSE 8000\nCMD ["x"]\n';
    assert.deepEqual(nextSteps('/w/app', [{ path: '.', dockerfile: df }], false, '/w/app'), [
      'docker build -t app .',
      'docker run --rm -p 8000:8000 app',
      'dockstack verify',
    ]);
    assert.deepEqual(nextSteps('/w/My App', [{ path: '.', dockerfile: 'FROM x\nCMD ["x"]\n' }], false, '/w'), [
      "docker build -t my-app 'My App'",
      'docker run --rm my-app',
      "dockstack verify --cwd 'My App'",
    ]);
    assert.deepEqual(
      nextSteps(
        '/w/mono',
        [
          { path: 'api', dockerfile: df },
          { path: 'web', dockerfile: df },
        ],
        true,
        '/w',
      ),
      [
        'docker compose -f mono/compose.yaml build',
        'docker compose -f mono/compose.yaml up',
        'dockstack verify --cwd mono/api',
        'dockstack verify --cwd mono/web',
      ],
    );
  });
});
