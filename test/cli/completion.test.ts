import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../support/cli.js';

/** Completions bash offers for the words typed so far, through the script `dockstack autocomplete` installs. */
function bashComplete(cache: string, words: string[]): string[] {
  const setup = path.join(cache, 'dockstack', 'autocomplete', 'bash_setup');
  const script = `source ${JSON.stringify(setup)}; COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')}); COMP_CWORD=${words.length - 1}; _dockstack_autocomplete; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['--norc', '-c', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return [...new Set(r.stdout.split('\n').filter(Boolean))];
}

describe('CLI: shell completion', function () {
  this.timeout(60_000);
  const cache = mkdtempSync(path.join(tmpdir(), 'dockstack-complete-'));
  const env = { XDG_CACHE_HOME: cache };

  before(function () {
    const r = runCli(['autocomplete', '--refresh-cache'], { env });
    assert.equal(r.status, 0, r.stderr);
  });

  it('bash completes commands, topics, sub-commands and flags from the cache the plugin builds', function () {
    assert.deepEqual(bashComplete(cache, ['dockstack', 'ini']), ['init']);
    assert.ok(bashComplete(cache, ['dockstack', 'st']).includes('stacks'));
    assert.deepEqual(bashComplete(cache, ['dockstack', 'stacks', 'in']).sort(), ['info', 'install']);
    assert.deepEqual(bashComplete(cache, ['dockstack', 'init', '--y']), ['--yes']);
    assert.deepEqual(bashComplete(cache, ['dockstack', 'verify', '--im']), ['--image-map']);
  });

  it('bash and zsh setup scripts point at the generated functions', function () {
    const bash = runCli(['autocomplete', 'script', 'bash'], { env });
    assert.equal(bash.status, 0, bash.stderr);
    assert.match(bash.stdout, /DOCKSTACK_AC_BASH_SETUP_PATH=.*bash_setup/);
    const zsh = runCli(['autocomplete', 'script', 'zsh'], { env });
    assert.equal(zsh.status, 0, zsh.stderr);
    assert.match(zsh.stdout, /zsh_setup/);
    const zshFunctions = readFileSync(path.join(cache, 'dockstack', 'autocomplete', 'functions', 'zsh', '_dockstack'), 'utf8');
    assert.match(zshFunctions, /#compdef dockstack/);
    assert.match(zshFunctions, /"init\[Detect the project stack/);
  });

  it('fish: `autocomplete fish` prints completions for commands, topics and flags', function () {
    const r = runCli(['autocomplete', 'fish']);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n');
    const top = lines.filter((l) => / -n 'not __fish_seen_subcommand_from [^']*' -a /.test(l)).map((l) => / -a (\S+)/.exec(l)?.[1]);
    for (const id of ['init', 'add', 'verify', 'explain', 'stacks']) assert.ok(top.includes(id), `top-level ${id}: ${top.join(' ')}`);
    assert.ok(
      lines.some((l) => l.includes("'__fish_seen_subcommand_from stacks; and not __fish_seen_subcommand_from ") && / -a install /.test(l)),
      'stacks install is offered after "stacks"',
    );
    assert.ok(
      lines.includes(
        "complete -c dockstack -n '__fish_seen_subcommand_from init' -l yes -s y -d 'Never prompt; use detected values and defaults (and every detected service).'",
      ),
    );
    assert.ok(lines.some((l) => l.startsWith("complete -c dockstack -n '__fish_seen_subcommand_from init' -l cwd -rF ")));
    assert.ok(lines.includes("complete -c dockstack -n '__fish_seen_subcommand_from init' -l no-frozen"));
    assert.doesNotMatch(r.stdout, /<%=/);
    // fish parses it when fish is installed (it is not on the CI machine: the lines above are checked instead)
    const fish = spawnSync('fish', ['--no-execute', '-c', r.stdout], { encoding: 'utf8' });
    if (fish.error === undefined) assert.equal(fish.status, 0, fish.stderr);
  });
});
