#!/usr/bin/env node
// Bundles the built CLI (dist/main.js: every command, core, lint, images, the plugin API, oclif,
// the bundled stacks' detectors and their JavaScript dependencies) into one file, dist/cli.cjs,
// with a source map that leads back to the TypeScript sources (through tsc's maps). Node then
// reads and compiles one file on start instead of resolving and linking some 300 modules, which
// was most of what `init`, `detect` and `check` cost above `node -e 0`. package.json's
// `oclif.commands` (strategy `explicit`) and the command_not_found hook point at it; bin/run.js
// loads it through bin/bundle.js with V8's code cache (scripts/code-cache.mjs). It is CommonJS,
// in strict mode like the ES modules it is made of, because Node 20 can use a code cache for a
// script but not for an ES module; a line at its end names a build id (a hash of its text) that
// the code cache must match.
//
// What stays outside the bundle, loaded from node_modules as before:
// - the stacks' manifests, templates and schemas (read from their package folders), and the
//   detectors of any stack not bundled with the CLI, or of another version;
// - what is imported on demand only: @inquirer/prompts (prompts), pacote, @npmcli/config and tar
//   (the registry), jiti (a TypeScript config): the CLI declares them as dependencies, so they
//   resolve from here; typescript (oclif's development mode only);
// - files that the workspace packages find next to themselves (validators, schemas, the sandbox
//   child, the detector worker, the images catalogue, `stacks new` templates): each bundled
//   module's `import.meta.url` is rewritten to the URL of the module it came from, found at run
//   time through its package, so `new URL('../x', import.meta.url)` and `createRequire` resolve
//   exactly as they do unbundled.
//
// `--check` builds in memory and exits 1 when dist/cli.cjs (or `--file <path>`) differs: a stale bundle.
import { readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pjson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const at = process.argv.indexOf('--file');
const out = at === -1 ? path.join(root, 'dist', 'cli.cjs') : path.resolve(process.argv[at + 1] ?? '');
const EXTERNAL = ['@inquirer/prompts', 'pacote', '@npmcli/config', '@npmcli/config/*', 'tar', 'jiti', 'typescript'];

/** The workspace package (name, root) a file belongs to, or undefined for a dependency. */
const workspaceRoot = path.resolve(root, '..', '..');
function workspacePackage(file) {
  const rel = path.relative(workspaceRoot, file).split(path.sep);
  if (rel.length < 3 || !['packages', 'plugins'].includes(rel[0]) || rel.includes('node_modules')) return undefined;
  const dir = path.join(workspaceRoot, rel[0], rel[1]);
  return { name: JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).name, dir };
}

/** How the bundle finds a package's folder at run time: itself, or through the package's entry. */
const require = createRequire(path.join(root, 'package.json'));
function entryOf(pkg) {
  if (pkg.name === pjson.name) return null;
  if (!(pkg.name in (pjson.dependencies ?? {})))
    throw new Error(`${pkg.name} uses import.meta but is not a dependency of ${pjson.name}: the bundle could not find its files`);
  return path.relative(pkg.dir, realpathSync(require.resolve(pkg.name))).split(path.sep).join('/');
}

// fdir (tinyglobby's crawler; its ES module for core, its CommonJS one for oclif) resolves and
// requires picomatch when its module loads, for its own glob(), which neither calls (tinyglobby
// crawls with filters): a search of node_modules folders on every start, and for the ES module a
// file compiled outside the bundle and its code cache. Here that happens on the first glob() instead,
// with the same fallback when picomatch is missing. The build fails when fdir's text changes so that
// the rewrite no longer applies.
const FDIR_EAGER = /let pm = null;\n(\/\* c8 ignore next 6 \*\/\n)?try \{\n\t(__require|require)\.resolve\("picomatch"\);\n\tpm = (?:__require|require)\("picomatch"\);\n\} catch \{\}\n/;
const FDIR_USE = 'const globFn = this.globFunction || pm;';
const lazyPicomatch = {
  name: 'fdir-lazy-picomatch',
  setup(b) {
    b.onLoad({ filter: /[\\/]fdir[\\/]dist[\\/]index\.(mjs|cjs)$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const req = FDIR_EAGER.exec(text)?.[2];
      if (req === undefined || text.split(FDIR_USE).length !== 2)
        throw new Error(`${args.path}: fdir's picomatch loading changed; update the rewrite in scripts/bundle.mjs`);
      const lazy = `let pm;\nfunction loadPm() {\n\tif (pm === undefined) {\n\t\tpm = null;\n\t\ttry {\n\t\t\t${req}.resolve("picomatch");\n\t\t\tpm = ${req}("picomatch");\n\t\t} catch {}\n\t}\n\treturn pm;\n}\n`;
      return {
        contents: text.replace(FDIR_EAGER, lazy).replace(FDIR_USE, 'const globFn = this.globFunction || loadPm();'),
        loader: 'js',
        resolveDir: path.dirname(args.path),
      };
    });
  },
};

// oclif sorts a plugin's command ids with localeCompare on every start; the first localeCompare of a
// process makes an ICU collator, which costs more than the rest of a start's reading (see
// packages/core/src/collate.ts). The sort goes through core's compareText instead: the same order
// (localeCompare's sign; ICU itself for other text or locales). The build fails when oclif's line changes.
const OCLIF_SORT = '.sort((a, b) => a.id.localeCompare(b.id));';
const COLLATE = realpathSync(path.join(root, '..', 'core', 'dist', 'collate.js'));
const oclifCollate = {
  name: 'oclif-compare-text',
  setup(b) {
    b.onLoad({ filter: /[\\/]@oclif[\\/]core[\\/]lib[\\/]config[\\/]plugin\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (text.split(OCLIF_SORT).length !== 2) throw new Error(`${args.path}: oclif's command sort changed; update the rewrite in scripts/bundle.mjs`);
      // The require at the end, so the source map's lines stay; the sort runs after the module has loaded.
      const contents = `${text.replace(OCLIF_SORT, '.sort((a, b) => __dsCollate.compareText(a.id, b.id));')}\nconst __dsCollate = require(${JSON.stringify(COLLATE)});\n`;
      return { contents, loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

const importMeta = {
  name: 'import-meta-of-origin',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, (args) => {
      const pkg = workspacePackage(args.path);
      if (pkg === undefined) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta')) return undefined;
      const file = path.relative(pkg.dir, args.path).split(path.sep).join('/');
      // On the first line, so tsc's source map stays right for every other line.
      const meta = `var __meta = __dsMeta(${JSON.stringify(pkg.name)}, ${JSON.stringify(entryOf(pkg))}, ${JSON.stringify(file)});`;
      const rewritten = text.replace(/\bimport\.meta\.(url|dirname|filename|resolve)\b/g, '__meta.$1');
      if (/\bimport\.meta\b/.test(rewritten)) throw new Error(`${args.path}: import.meta used in a way the bundle does not rewrite`);
      return { contents: `${meta}${rewritten}`, loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

// Runs before any bundled module: strict mode, and __dsMeta, the import.meta of the workspace
// module a piece of code came from. A dependency's import.meta.url (fdir's createRequire) is the bundle's.
const banner = `'use strict';
const { createRequire: __dsCreateRequire } = require('node:module');
const { dirname: __dsDirname } = require('node:path');
const { fileURLToPath: __dsFileURLToPath, pathToFileURL: __dsPathToFileURL } = require('node:url');
const __dsBundleUrl = __dsPathToFileURL(__filename).href;
const __dsRoots = new Map();
// esbuild's __toESM (renamed __esmOf, scripts/bundle.mjs memoizeToESM), once per module and interop mode.
const __dsEsmViews = [new WeakMap(), new WeakMap()];
function __toESM(mod, isNodeMode) {
  if (mod == null || (typeof mod !== 'object' && typeof mod !== 'function')) return __esmOf(mod, isNodeMode);
  const views = __dsEsmViews[isNodeMode ? 1 : 0];
  const names = Object.getOwnPropertyNames(mod).length;
  const seen = views.get(mod);
  if (seen !== undefined && seen.names === names) return seen.view;
  const view = __esmOf(mod, isNodeMode);
  views.set(mod, { names, view });
  return view;
}
function __dsMeta(name, entry, file) {
  let base = __dsRoots.get(name);
  if (base === undefined) {
    // The package's folder: this bundle's own (dist/..), or up from the entry its dependency resolves to.
    base = entry === null ? new URL('../', __dsBundleUrl).href : new URL('./' + '../'.repeat(entry.split('/').length - 1), __dsPathToFileURL(require.resolve(name))).href;
    __dsRoots.set(name, base);
  }
  const url = new URL(file, base).href;
  const filename = __dsFileURLToPath(url);
  return { url, filename, dirname: __dsDirname(filename), resolve: (spec) => __dsPathToFileURL(__dsCreateRequire(url).resolve(spec)).href };
}`;

// The entry: dist/main.js (commands, hook, oclif's execute) and the bundled stacks' detectors
// (every @dockstack/stack-* dependency, as src/stacks.ts lists them), each the file its manifest
// names, compiled in and loaded on first use (core's useCompiledDetectors).
const detectors = Object.keys(pjson.dependencies ?? {})
  .filter((name) => name.startsWith('@dockstack/stack-'))
  .sort()
  .flatMap((name) => {
    const file = require.resolve(`${name}/package.json`);
    const stack = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof stack.dockstack?.detector !== 'string') return [];
    const detector = path.join(path.dirname(realpathSync(file)), stack.dockstack.detector);
    return [`  ${JSON.stringify(name)}: { version: ${JSON.stringify(stack.version)}, load: () => import(${JSON.stringify(detector)}) },`];
  });
const entry = [
  "export * from './main.js';",
  "import { useCompiledDetectors } from '@dockstack/core';",
  'useCompiledDetectors({',
  ...detectors,
  '});',
  '',
].join('\n');

const options = {
  stdin: { contents: entry, resolveDir: path.join(root, 'dist'), sourcefile: 'bundle-entry.js', loader: 'js' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  mainFields: ['module', 'main'],
  external: EXTERNAL,
  banner: { js: banner },
  define: { 'import.meta.url': '__dsBundleUrl' },
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  minifyWhitespace: true,
  logLevel: 'warning',
  plugins: [importMeta, lazyPicomatch, oclifCollate],
};

/**
 * Every dynamic `import(x)` in the bundle becomes `__dsim(x)` (as long, so the source map holds):
 * bin/bundle.js compiles the bundle as a script, where Node 20 has no import() of its own, and
 * passes an import() from an ES module next to it (resolving from the same folder chain). The
 * calls are found by parsing the bundle, not by matching text, so comments and strings keep theirs.
 *
 * And the bundle is made ASCII, so bin/bundle.js can read it as a one-byte string without decoding
 * UTF-8 (the largest cost of reading it): esbuild escapes strings, templates and identifiers and
 * minifyWhitespace drops comments, but it leaves characters in regular expression literals as they
 * are (ansis has one). Each such UTF-16 code unit becomes `\uXXXX` (an identity escape `\<char>`
 * included), which a regular expression reads as the same character with or without the u flag;
 * the source map's columns after it on that line move by a few characters. Anything else that is
 * not ASCII fails the build.
 */
/** A character above U+007F. */
const NOT_ASCII = /[\u0080-\uffff]/;

function rewriteBundle(code) {
  const file = ts.createSourceFile('cli.cjs', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const edits = [];
  const visit = (node) => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const pos = node.expression.getStart(file);
      if (code.slice(pos, pos + 6) !== 'import') throw new Error(`no import( at ${pos}`);
      edits.push({ pos, end: pos + 6, text: '__dsim' });
    }
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const pos = node.getStart(file);
      const literal = code.slice(pos, node.end);
      if (NOT_ASCII.test(literal)) edits.push({ pos, end: node.end, text: asciiRegex(literal) });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let out = code;
  for (const e of edits.sort((a, b) => b.pos - a.pos)) out = `${out.slice(0, e.pos)}${e.text}${out.slice(e.end)}`;
  const other = NOT_ASCII.exec(out);
  if (other !== null) throw new Error(`the bundle is not ASCII at ${other.index}: ${JSON.stringify(out.slice(other.index - 40, other.index + 40))}`);
  return out;
}

/** A regular expression literal with its non-ASCII code units written as `\uXXXX`. */
function asciiRegex(literal) {
  const hex = (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  let out = '';
  for (let i = 0; i < literal.length; i++) {
    const c = literal[i];
    if (c === '\\' && i + 1 < literal.length) {
      const next = literal[++i];
      out += next.charCodeAt(0) > 0x7f ? hex(next) : `\\${next}`;
    } else out += c.charCodeAt(0) > 0x7f ? hex(c) : c;
  }
  return out;
}

/**
 * esbuild's __toESM (an ES module's view of a CommonJS module: a getter per export) runs once per
 * import site: some 100 on every start, 60 of them for Node's own modules (fs alone has about 100
 * exports) and 22 for oclif's index. Here each module's view is made once per interop mode and
 * reused while the module has as many own names as when it was made (a module read while it was
 * still loading, in a require cycle, gets a new view once it has more). The views' getters read the
 * module's live exports, so every import sees what it saw before.
 */
const TO_ESM = 'var __toESM=(mod,isNodeMode,target)=>(';
/** esbuild's helper renamed (same length: the source map's columns hold); the banner's __toESM calls it. */
const ESM_OF = 'var __esmOf=(mod,isNodeMode,target)=>(';
function memoizeToESM(code) {
  if (code.split(TO_ESM).length !== 2) throw new Error("esbuild's __toESM helper changed; update memoizeToESM in scripts/bundle.mjs");
  return code.replace(TO_ESM, ESM_OF);
}

/** The bundle's text with its build id (a hash of the text) on a line before the source map's. */
async function bundle() {
  const result = await build({ ...options, outfile: path.join(root, 'dist', 'cli.cjs'), write: false });
  const js = result.outputFiles.find((f) => f.path.endsWith('.cjs'));
  const map = result.outputFiles.find((f) => f.path.endsWith('.cjs.map'));
  if (js === undefined || map === undefined) throw new Error('esbuild gave no bundle');
  // Loaded by a plain require (oclif's manifest, --enable-source-maps), the bundle has no __dsim
  // parameter: import() itself then. Added after the routing, on the banner's first line (the
  // source map's lines stay where they are).
  const routed = memoizeToESM(rewriteBundle(js.text));
  if (!routed.startsWith("'use strict';\n")) throw new Error('the bundle does not start with the banner');
  const code = `'use strict'; if (typeof __dsim === 'undefined') var __dsim = (specifier) => import(specifier);${routed.slice("'use strict';".length)}`;
  const id = createHash('sha256').update(code).digest('hex');
  const text = code.replace(/\n\/\/# sourceMappingURL=cli\.cjs\.map\n$/, `\n//# dockstack-build=${id}\n//# sourceMappingURL=cli.cjs.map\n`);
  if (text === code) throw new Error('esbuild gave no source map line');
  return { text, map: map.text };
}

const { text, map } = await bundle();
if (process.argv.includes('--check')) {
  let onDisk;
  try {
    onDisk = readFileSync(out, 'utf8');
  } catch {
    onDisk = '';
  }
  if (text !== onDisk) {
    process.stderr.write(`${path.relative(process.cwd(), out)} is stale (it differs from what dist/main.js bundles to): run "pnpm -s build".\n`);
    process.exit(1);
  }
} else {
  for (const [file, contents] of [[`${out}.map`, map], [out, text]]) {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, contents);
    renameSync(tmp, file);
  }
}
