import { enclosed } from '@dockstack/plugin-api';

/** What mix.exs says that the Dockerfile needs (a text scan, not an Elixir evaluator). */
export interface MixFacts {
  app?: string;
  releases: string[];
  deps: string[];
  sourceUrl?: string;
  licenses: string[];
}

/** The text inside the brackets that open where `start` matches, brackets balanced; empty when absent. */
function bracketed(text: string, start: RegExp): string {
  const m = start.exec(text);
  return m === null ? '' : enclosed(text, m.index + m[0].length, '[', ']');
}

/** Keyword keys at the top level of a keyword list body (`web: [...], admin: [...]` -> web, admin). */
function topLevelKeys(body: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '[' || c === '{' || c === '(') depth++;
    else if (c === ']' || c === '}' || c === ')') depth--;
    else if (depth === 0) {
      const m = /^([a-z][a-z0-9_]*):\s/.exec(body.slice(i));
      if (m !== null && (i === 0 || /[\s,]/.test(body[i - 1] ?? ''))) {
        keys.push(m[1] ?? '');
        i += m[0].length - 1;
      }
    }
  }
  return keys;
}

/** The body of `defp deps do [...] end` / `defp deps, do: [...]`, as the atoms of its tuples. */
function depsOf(text: string): string[] {
  const body = /defp?\s+deps(?:\(\))?\s*(?:,\s*do:|do)\s*\[([\s\S]*?)\]\s*(?:end)?/m.exec(text)?.[1] ?? '';
  return [...body.replace(/#[^\n]*/g, '').matchAll(/\{\s*:([a-z][a-z0-9_]*)/g)].map((m) => m[1] ?? '');
}

export function parseMixExs(text: string): MixFacts {
  const clean = text.replace(/#[^\n{]*$/gm, '');
  const app = /\bapp:\s*:([a-z][a-z0-9_]*)/.exec(clean)?.[1];
  const releases = topLevelKeys(bracketed(clean, /\breleases:\s*\[/));
  const sourceUrl = /\bsource_url:\s*"([^"]+)"/.exec(clean)?.[1];
  const licenses = [...(/\blicenses:\s*\[([^\]]*)\]/.exec(clean)?.[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '');
  return {
    ...(app === undefined ? {} : { app }),
    releases,
    deps: depsOf(clean),
    ...(sourceUrl === undefined ? {} : { sourceUrl }),
    licenses,
  };
}

/** Versions from `.tool-versions` (asdf, mise): `elixir 1.18.3-otp-27`, `erlang 27.3.4`. */
export function toolVersions(text: string): { elixir?: string; otp?: string } {
  const elixir = /^elixir\s+(\d+\.\d+(?:\.\d+)?)(?:-otp-(\d+))?/m.exec(text);
  const erlang = /^erlang\s+(\d+)/m.exec(text);
  const otp = erlang?.[1] ?? elixir?.[2];
  return { ...(elixir?.[1] === undefined ? {} : { elixir: elixir[1] }), ...(otp === undefined ? {} : { otp }) };
}
