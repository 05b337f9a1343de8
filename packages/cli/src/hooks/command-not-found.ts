import type { Hook } from '@oclif/core';
import { didYouMean } from '@dockstack/core';

/** Unknown command: one error line with a did-you-mean, exit 2 (usage). */
const hook: Hook<'command_not_found'> = async function (options) {
  const ids = options.config.commandIDs.map((id) => id.replace(/:/g, ' '));
  const typed = options.id.replace(/:/g, ' ');
  const guess = didYouMean(typed, ids) ?? didYouMean(typed.split(' ')[0] ?? typed, ids);
  process.stderr.write(`Error [E_USAGE]: "${typed}" is not a dockstack command.\n`);
  process.stderr.write(
    `  hint: ${guess !== undefined ? `Did you mean "dockstack ${guess}"? ` : ''}Run "dockstack --help" for the list of commands.\n`,
  );
  process.exit(2);
};

export default hook;
