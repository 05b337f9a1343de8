// The CLI's one entry, bundled with esbuild into dist/cli.cjs at build time (scripts/bundle.mjs):
// oclif finds every command in COMMANDS (package.json `oclif.commands`, strategy `explicit`), so
// a start loads one file instead of some 300 ES modules. test/cli/manifest.test.ts checks that every
// source command is listed here and that the bundle is current. `run` serves scripts/code-cache.mjs.
import Add from './commands/add.js';
import AutocompleteFish from './commands/autocomplete/fish.js';
import Check from './commands/check.js';
import Detect from './commands/detect.js';
import Explain from './commands/explain.js';
import Init from './commands/init.js';
import Lint from './commands/lint.js';
import Pin from './commands/pin.js';
import StacksInfo from './commands/stacks/info.js';
import StacksInstall from './commands/stacks/install.js';
import StacksLink from './commands/stacks/link.js';
import StacksList from './commands/stacks/list.js';
import StacksNew from './commands/stacks/new.js';
import StacksSearch from './commands/stacks/search.js';
import StacksUninstall from './commands/stacks/uninstall.js';
import StacksUpdate from './commands/stacks/update.js';
import Upgrade from './commands/upgrade.js';
import Verify from './commands/verify.js';

export { execute, run } from '@oclif/core';
export { default as commandNotFound } from './hooks/command-not-found.js';

export const COMMANDS = {
  add: Add,
  'autocomplete:fish': AutocompleteFish,
  check: Check,
  detect: Detect,
  explain: Explain,
  init: Init,
  lint: Lint,
  pin: Pin,
  'stacks:info': StacksInfo,
  'stacks:install': StacksInstall,
  'stacks:link': StacksLink,
  'stacks:list': StacksList,
  'stacks:new': StacksNew,
  'stacks:search': StacksSearch,
  'stacks:uninstall': StacksUninstall,
  'stacks:update': StacksUpdate,
  upgrade: Upgrade,
  verify: Verify,
};
