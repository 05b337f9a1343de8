import { catalogue, type Catalogue } from './catalogue.js';
import { compareVersions, parseRef, splitTag } from './ref.js';

/** A release line's end of life, as the catalogue's sources state it. */
export interface EolFact {
  product: string;
  line: string;
  /** ISO date, or the source's text when it gives no date yet (e.g. `debian 14 release day + 1yr`). */
  eol?: string;
  source: string;
}

const DEBIAN = /\b(buster|bullseye|bookworm|trixie|forky)\b/;
const lineOf = (version: string, depth: number): string => version.split('.').slice(0, depth).join('.');

/** Which product and release line an official image's tag belongs to (`python:3.12.3-slim` -> python 3.12). */
function productLines(name: string, tag: string): Array<[string, string]> {
  const [, version] = splitTag(tag);
  const out: Array<[string, string]> = [];
  const depth2 = (p: string): void => {
    if (version.includes('.')) out.push([p, lineOf(version, 2)]);
  };
  switch (name) {
    case 'node':
      if (version !== '') out.push(['node', lineOf(version, 1)]);
      break;
    case 'python':
      depth2('python');
      break;
    case 'ruby':
      depth2('ruby');
      break;
    case 'php':
      depth2('php');
      break;
    case 'golang':
      depth2('go');
      break;
    case 'rust':
      depth2('rust');
      break;
    case 'nginx':
      depth2('nginx');
      break;
    case 'oven/bun':
      depth2('bun');
      break;
    case 'denoland/deno':
      depth2('deno');
      break;
    case 'eclipse-temurin':
      if (version !== '') out.push(['java', lineOf(version, 1)]);
      break;
    case 'maven': {
      const m = /eclipse-temurin-(\d+)/.exec(tag);
      if (m?.[1] !== undefined) out.push(['java', m[1]]);
      break;
    }
    case 'gradle': {
      const m = /jdk(\d+)/.exec(tag);
      if (m?.[1] !== undefined) out.push(['java', m[1]]);
      break;
    }
    default:
      if (name.startsWith('mcr.microsoft.com/dotnet/')) depth2('dotnet');
  }
  const deb = DEBIAN.exec(tag);
  if (deb?.[1] !== undefined) out.push(['debian', deb[1]]);
  return out;
}

/** The distroless support-policy row for an image name: `cc-debian12`, `node*-debian12`, ... */
function distrolessRow(name: string): string | undefined {
  const m = /^gcr\.io\/distroless\/([a-z-]+?)(\d[\d.]*)?-(debian\d+)$/.exec(name);
  if (m === null) return undefined;
  const family = m[1] === 'nodejs' ? 'node' : m[1] === 'python' ? 'python' : m[1] === 'java' && m[2] !== undefined ? 'java' : undefined;
  return family !== undefined ? `${family}*-${m[3]}` : `${m[1]}${m[2] ?? ''}-${m[3]}`;
}

/** End-of-life facts for every release line an image reference depends on (language line, OS release). */
export function eolFacts(reference: string, cat: Catalogue = catalogue()): EolFact[] {
  const { name, tag } = parseRef(reference);
  const pairs: Array<[string, string]> = [];
  if (name.startsWith('gcr.io/distroless/')) {
    const row = distrolessRow(name);
    if (row !== undefined) pairs.push(['distroless', row]);
  } else pairs.push(...productLines(name, tag));
  return pairs.map(([product, line]) => {
    const table = cat.data.eol[product];
    const eol = table?.lines[line];
    return { product, line, ...(eol === undefined ? {} : { eol }), source: table?.source ?? '' };
  });
}

/** Whether a fact's end of life is at or before `now` (a text without a date is not). */
export function isEol(fact: EolFact, now: Date = new Date()): boolean {
  return fact.eol !== undefined && /^\d{4}-\d\d-\d\d$/.test(fact.eol) && fact.eol <= now.toISOString().slice(0, 10);
}

/** A product's release lines still supported at `now`, newest first, given the lines an image publishes. */
export function supportedLines(
  product: string,
  publishedLines: readonly string[],
  now: Date = new Date(),
  cat: Catalogue = catalogue(),
): string[] {
  const table = cat.data.eol[product]?.lines ?? {};
  const today = now.toISOString().slice(0, 10);
  return [...new Set(publishedLines)]
    .filter((l) => {
      const e = table[l];
      return e === undefined || !/^\d{4}-/.test(e) || e > today;
    })
    .sort(compareVersions)
    .reverse();
}
