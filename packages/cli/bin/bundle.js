// Loads dist/cli.cjs, the CLI bundled into one CommonJS file at build time (scripts/bundle.mjs),
// with V8's code cache made for it by scripts/code-cache.mjs, so that a start does not compile
// again what the last build already compiled. The cache is used only when it was made for this
// very bundle (the build id on the bundle's last lines) and by this V8 with these flags (V8
// checks that and rejects it otherwise); without it the bundle is compiled as usual. Either way
// the module lands in require's cache, so oclif's own `require` of the same file (the explicit
// command target) gets this instance.
import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export const BUNDLE = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url));
export const CODE_CACHE = `${BUNDLE}.cache`;
const require = createRequire(import.meta.url);
const ID_LENGTH = 64;

/** The build id on the bundle's last lines (a hash of its text), or undefined. */
function buildId(source) {
  return /\n\/\/# dockstack-build=([0-9a-f]{64})\n/.exec(source.slice(-400))?.[1];
}

let loaded;

/** import() from here: the bundle's dynamic imports come through it (scripts/bundle.mjs). */
const dynamicImport = (specifier) => import(specifier);

/** The bundle's exports (COMMANDS, commandNotFound, execute, run). */
export function loadBundle() {
  const cached = require.cache[BUNDLE];
  if (cached?.loaded) return cached.exports;
  // --enable-source-maps: Node's own loader, which maps stack traces to the TypeScript sources
  // through dist/cli.cjs.map (a script compiled here would not be mapped); no code cache then.
  if (process.sourceMapsEnabled === true) return require(BUNDLE);
  // The build makes the bundle ASCII (scripts/bundle.mjs): read as such it becomes a one-byte string
  // without decoding UTF-8 (most of what reading it cost); any other text is decoded as UTF-8.
  const bytes = readFileSync(BUNDLE);
  const source = isAscii(bytes) ? bytes.toString('ascii') : bytes.toString('utf8');
  const id = buildId(source);
  let cachedData;
  try {
    const data = readFileSync(CODE_CACHE);
    if (id !== undefined && data.subarray(0, ID_LENGTH).toString('latin1') === id) cachedData = data.subarray(ID_LENGTH);
  } catch {
    cachedData = undefined;
  }
  // The CommonJS wrapper, with the import() the bundle's dynamic imports go through.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __dsim) {${source}\n})`, {
    filename: BUNDLE,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  const module = new Module(BUNDLE, undefined);
  module.filename = BUNDLE;
  module.paths = Module._nodeModulePaths(path.dirname(BUNDLE));
  require.cache[BUNDLE] = module;
  try {
    script.runInThisContext({ displayErrors: true }).call(module.exports, module.exports, createRequire(BUNDLE), module, BUNDLE, path.dirname(BUNDLE), dynamicImport);
  } catch (error) {
    delete require.cache[BUNDLE];
    throw error;
  }
  module.loaded = true;
  loaded = { script, id };
  return module.exports;
}

/** The code cache of the loaded bundle as it is now (with what has run so far compiled), with its build id. */
export function codeCache() {
  if (loaded?.id === undefined) throw new Error(`${BUNDLE} was not loaded through loadBundle, or has no build id`);
  return Buffer.concat([Buffer.from(loaded.id, 'latin1'), loaded.script.createCachedData()]);
}
