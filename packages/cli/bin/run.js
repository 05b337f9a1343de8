#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { arch, platform, release } from 'node:os';

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

const version = fastVersion();
if (version !== undefined) process.stdout.write(version);
else {
  const { execute } = await import('@oclif/core');
  await execute({ dir: import.meta.url });
}
