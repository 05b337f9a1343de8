// Preloaded (node --import) by test/cli/lazy-stacks.test.ts: records every file the CLI reads
// through node:fs (sync, callback and promise APIs, CommonJS requires included) and writes the
// list to $DOCKSTACK_TRACE_READS when the process exits.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const seen = new Set();
const note = (file) => {
  if (typeof file === 'string') seen.add(file);
  else if (file instanceof URL) seen.add(file.pathname);
};
for (const [target, name] of [[fs, 'readFileSync'], [fs, 'readFile'], [fs.promises, 'readFile'], [fs, 'openSync'], [fs.promises, 'open']]) {
  const original = target[name];
  target[name] = function traced(file, ...rest) {
    note(file);
    return original.call(this, file, ...rest);
  };
}
syncBuiltinESMExports();
process.on('exit', () => fs.writeFileSync(process.env.DOCKSTACK_TRACE_READS, [...seen].join('\n')));
