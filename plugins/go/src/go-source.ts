import type { ProjectEntry, ProjectView } from '@dockstack/plugin-api';

/** What detection reads from one `.go` file. */
export interface GoSource {
  path: string;
  /** Package clause name, when found. */
  packageName?: string;
  /** `//go:build ignore` (or `// +build ignore`): a `go run` script, never part of the package. */
  ignored: boolean;
  imports: string[];
  /** `//go:embed` patterns, as written (relative to the file's directory). */
  embeds: string[];
  /** The text with whole-line `//` comments removed, for pattern searches. */
  code: string;
}

/** True for files the go command compiles into a package (not tests, not hidden). */
export function isBuildFile(name: string): boolean {
  return name.endsWith('.go') && !name.endsWith('_test.go') && !name.startsWith('.') && !name.startsWith('_');
}

/** The build files of the package in `dir` (`''` for the module root). */
export async function buildFiles(p: ProjectView, dir: string): Promise<ProjectEntry[]> {
  return (await p.list(dir === '' ? '.' : dir)).filter((e) => e.kind === 'file' && isBuildFile(e.name));
}

function stripBlockComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ');
}

/** The part before the first top-level declaration: package clause, build tags and imports. */
function header(text: string): string {
  const m = /^(?:func|type|var|const)\b/m.exec(text);
  return m ? text.slice(0, m.index) : text;
}

function parseImports(head: string): string[] {
  const out: string[] = [];
  const noLineComments = head.replace(/\/\/.*$/gm, '');
  for (const block of noLineComments.matchAll(/\bimport\s*\(([\s\S]*?)\)/g)) {
    for (const spec of (block[1] as string).matchAll(/(?:^|\s)(?:[A-Za-z_.]\w*\s+)?["`]([^"`\s]+)["`]/g)) out.push(spec[1] as string);
  }
  for (const single of noLineComments.matchAll(/\bimport\s+(?:[A-Za-z_.]\w*\s+)?["`]([^"`\s]+)["`]/g)) out.push(single[1] as string);
  return [...new Set(out)];
}

function parseEmbeds(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*\/\/go:embed\s+(.+)$/gm)) {
    for (const word of (m[1] as string).matchAll(/"((?:[^"\\]|\\.)*)"|`([^`]*)`|(\S+)/g)) {
      const pattern = word[1] ?? word[2] ?? word[3];
      if (pattern !== undefined && pattern !== '') out.push(pattern.replace(/^all:/, ''));
    }
  }
  return out;
}

/** Parses the parts of a Go source file detection cares about; never throws. */
export function parseGoSource(path: string, text: string): GoSource {
  const head = stripBlockComments(header(text));
  const beforePackage = head.split(/^\s*package\s/m)[0] ?? '';
  const ignored = /^\/\/go:build\s+ignore\s*$/m.test(beforePackage) || /^\/\/\s*\+build\s+ignore\s*$/m.test(beforePackage);
  const pkg = /^\s*package\s+([A-Za-z_]\w*)/m.exec(head)?.[1];
  return {
    path,
    ...(pkg === undefined ? {} : { packageName: pkg }),
    ignored,
    imports: parseImports(head),
    embeds: parseEmbeds(text),
    code: text.replace(/^\s*\/\/.*$/gm, ''),
  };
}
