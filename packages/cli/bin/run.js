#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { arch, platform, release } from 'node:os';
import { fileURLToPath } from 'node:url';

// `dockstack --version` answers without loading oclif (the one start-up cost left for it), with
// oclif's exact line: `<name>/<version> <platform>-<arch> node-<version>`. oclif names WSL
// "wsl": on Linux that could be WSL, or with any version flag oclif would be configured for, it
// goes the normal way. test/cli/version.test.ts compares both outputs.
function fastVersion() {
  if (process.argv[2] !== '--version') return undefined;
  const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  if (pjson.oclif?.additionalVersionFlags !== undefined) return undefined;
  if (platform() === 'linux') {
    if (release().toLowerCase().includes('microsoft')) return undefined;
    try {
      if (readFileSync('/proc/version', 'utf8').toLowerCase().includes('microsoft')) return undefined;
    } catch {
      return undefined;
    }
  }
  if (!['linux', 'darwin'].includes(platform())) return undefined;
  return `${pjson.name}/${pjson.version} ${platform()}-${arch() === 'ia32' ? 'x86' : arch()} node-${process.version}\n`;
}

// oclif plugins (package.json `dockstackCli.oclifPlugins`, loaded as core plugins) only where they can be used:
// `help` and `autocomplete` are their commands, and a bare `dockstack`, a flag, `help` or an unknown word
// (which oclif answers with the command list or a did-you-mean) may need them. dockstack's own commands
// never do (`<command> --help` is oclif core's own help), so they skip reading the plugins' manifests.
const OWN_TOPICS = new Set(['add', 'check', 'detect', 'explain', 'init', 'lint', 'pin', 'stacks', 'upgrade', 'verify']);
function pluginsFor(first) {
  const own = first !== undefined && OWN_TOPICS.has(first.split(':')[0]);
  if (own) return [];
  return JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).dockstackCli.oclifPlugins;
}

const version = fastVersion();
if (version !== undefined) process.stdout.write(version);
else {
  // dist/cli.cjs: the commands, core, their dependencies and oclif bundled into one file at build
  // time (scripts/bundle.mjs), loaded with its code cache.
  const { loadBundle } = await import('./bundle.js');
  await loadBundle().execute({ loadOptions: { root: fileURLToPath(new URL('..', import.meta.url)), pluginAdditions: { core: pluginsFor(process.argv[2]) } } });
}
