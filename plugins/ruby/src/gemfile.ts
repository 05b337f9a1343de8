/**
 * A line-based reader of the Gemfile subset that matters to an image: the `ruby` directive, `gem`
 * lines with their groups (from `group ... do` blocks and `group:` options), `path:` and git
 * sources, `gemspec`, and extra `source`s. It never evaluates Ruby.
 */

export interface GemLine {
  name: string;
  groups: string[];
  path?: string;
  git: boolean;
}

export interface RubyDirective {
  /** Version requirements (`"3.3.0"`, `"~> 3.3"`, `">= 3.2", "< 3.5"`); empty with `file:`. */
  requirements: string[];
  /** `ruby file: ".ruby-version"`. */
  file?: string;
}

export interface Gemfile {
  gems: GemLine[];
  ruby?: RubyDirective;
  /** `gemspec` (and `gemspec path: "x"`): the folder holding the gemspec. */
  gemspecs: string[];
  /** Sources other than rubygems.org. */
  privateSources: string[];
  /** `eval_gemfile` and other things this reader does not follow. */
  unread: string[];
}

const QUOTED = /(["'])((?:(?!\1).)*)\1/g;

function strings(text: string): string[] {
  return [...text.matchAll(QUOTED)].map((m) => m[2] ?? '');
}

function symbols(text: string): string[] {
  return [...text.matchAll(/:([a-z_][a-z0-9_]*)/g)].map((m) => m[1] ?? '');
}

/** `group: :test`, `groups: [:development, :test]`, `group: "test"`. */
function groupOption(text: string): string[] {
  const m = /\bgroups?:\s*(\[[^\]]*\]|:[a-z_][a-z0-9_]*|["'][^"']*["'])/.exec(text);
  if (!m) return [];
  const value = m[1] ?? '';
  return [...symbols(value), ...strings(value)];
}

function option(text: string, key: string): string | undefined {
  const m = new RegExp(`\\b${key}:\\s*(["'])((?:(?!\\1).)*)\\1`).exec(text);
  return m?.[2];
}

/** Parses a Gemfile's text. */
export function parseGemfile(text: string): Gemfile {
  const out: Gemfile = { gems: [], gemspecs: [], privateSources: [], unread: [] };
  const stack: string[][] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    const opens = /\bdo(\s*\|[^|]*\|)?$/.test(line);
    if (/^end\b/.test(line)) {
      stack.pop();
      continue;
    }
    if (/^group\b/.test(line)) {
      if (opens) stack.push([...symbols(line), ...strings(line)]);
      continue;
    }
    if (opens) {
      const source = /^source\b/.test(line) ? strings(line)[0] : undefined;
      if (source !== undefined && !/^https?:\/\/rubygems\.org\/?$/.test(source)) out.privateSources.push(source);
      stack.push([]);
      continue;
    }
    const groups = [...new Set([...stack.flat(), ...groupOption(line)])];
    const gem = /^gem\s*\(?\s*(["'])([A-Za-z0-9_.-]+)\1(.*)$/.exec(line);
    if (gem) {
      const rest = gem[3] ?? '';
      const path = option(rest, 'path');
      out.gems.push({
        name: gem[2] ?? '',
        groups,
        ...(path !== undefined ? { path } : {}),
        git: /\b(git|github|gitlab|bitbucket):/.test(rest),
      });
      continue;
    }
    if (/^ruby\b/.test(line)) {
      const file = option(line, 'file');
      out.ruby = { requirements: file === undefined ? strings(line) : [], ...(file !== undefined ? { file } : {}) };
      continue;
    }
    if (/^gemspec\b/.test(line)) {
      out.gemspecs.push(option(line, 'path') ?? '.');
      continue;
    }
    if (/^source\b/.test(line)) {
      const source = strings(line)[0];
      if (source !== undefined && !/^https?:\/\/rubygems\.org\/?$/.test(source)) out.privateSources.push(source);
      continue;
    }
    if (/^(eval_gemfile|instance_eval)\b/.test(line)) out.unread.push(line);
  }
  return out;
}
