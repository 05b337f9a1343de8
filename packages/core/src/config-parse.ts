import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { createRequire } from 'node:module';
import { DockstackError } from './errors.js';

const require = createRequire(import.meta.url);
// yaml is loaded on first use: most commands never read YAML, and it is one of the costliest imports at start.
const yaml = (): typeof import('yaml') => require('yaml') as typeof import('yaml');

/** Where a config file's text could not be read, for errors: file, 1-based line and column. */
export interface TextPosition {
  line: number;
  column: number;
}

/** Line and column of a character offset. */
export function positionOf(text: string, offset: number): TextPosition {
  const before = text.slice(0, Math.max(0, offset));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

function syntaxError(file: string, kind: string, reason: string, where: TextPosition | undefined): DockstackError {
  const at = where === undefined ? '' : ` at line ${where.line}, column ${where.column}`;
  return new DockstackError('E_CONFIG', `${path.basename(file)} is not valid ${kind}${at}: ${reason}`, {
    file,
    pointer: '',
    hint: `Fix the ${kind} syntax${at}; nothing was changed.`,
    data: where === undefined ? { kind } : { kind, ...where },
  });
}

/** Parses JSON, reporting the line and column of a syntax error. */
export function parseJsonText(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const offset = /position (\d+)/.exec(message)?.[1];
    const lineCol = /line (\d+) column (\d+)/.exec(message);
    const where = lineCol
      ? { line: Number(lineCol[1]), column: Number(lineCol[2]) }
      : offset !== undefined
        ? positionOf(text, Number(offset))
        : undefined;
    throw syntaxError(file, 'JSON', message.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, ''), where);
  }
}

/** Parses YAML (1.2; JSON is a subset), refusing duplicate keys and reporting the first error's place. */
export function parseYamlText(file: string, text: string): unknown {
  const doc = yaml().parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first !== undefined) {
    const where = first.linePos?.[0];
    throw syntaxError(
      file,
      'YAML',
      first.message.split('\n')[0] ?? first.code,
      where === undefined ? positionOf(text, first.pos[0]) : { line: where.line, column: where.col },
    );
  }
  try {
    // yaml refuses documents whose aliases expand past maxAliasCount (a "billion laughs" bomb)
    return doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new DockstackError('E_CONFIG', `${path.basename(file)} could not be read as YAML: ${(error as Error).message.split('\n')[0]}`, {
      file,
      pointer: '',
      hint: 'Write the config without YAML aliases (*name) that expand into large values.',
      data: { kind: 'YAML' },
    });
  }
}

/** Loads a JavaScript or TypeScript config module and returns its default export. */
export async function loadCodeConfig(file: string): Promise<unknown> {
  try {
    if (file.endsWith('.ts')) {
      // Node 20 cannot import .ts; jiti transpiles in memory (no file written beside the config).
      const { createJiti } = await import('jiti');
      const jiti = createJiti(import.meta.url, { fsCache: false, moduleCache: false, interopDefault: true });
      return await jiti.import(file, { default: true });
    }
    const mod = (await import(`${pathToFileURL(file).href}?t=${Date.now()}`)) as { default?: unknown };
    return mod.default;
  } catch (error) {
    if (error instanceof DockstackError) throw error;
    throw new DockstackError('E_CONFIG', `${path.basename(file)} failed to load: ${(error as Error).message.split('\n')[0]}`, {
      file,
      pointer: '',
      hint: 'The config module must load without errors and `export default { stacks: [...] }`.',
      cause: error,
    });
  }
}
