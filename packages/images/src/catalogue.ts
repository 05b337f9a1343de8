import { readFileSync } from 'node:fs';

/** One tag shape of an image (`#` stands for the version): current versions, and old ones by the date they stopped being rebuilt. */
export interface ShapeData {
  c?: string;
  o?: Record<string, string>;
}

/** The committed catalogue file (packages/images/data/catalogue.json), as built by scripts/images/build-catalogue.mjs. */
export interface CatalogueData {
  generated: string;
  /** Newest commit date among the sources: the catalogue knows nothing published after it. */
  sourceDate: string;
  sources: Array<Record<string, string>>;
  images: Record<string, Record<string, ShapeData>>;
  eol: Record<string, { source: string; lines: Record<string, string> }>;
}

/** A shape's versions, parsed once: version -> removal date, or `null` while it is still rebuilt. */
export type ShapeVersions = Map<string, string | null>;

export class Catalogue {
  private readonly parsed = new Map<string, ShapeVersions>();

  constructor(readonly data: CatalogueData) {}

  /** Whether the catalogue covers this image at all (normalised name). */
  knows(name: string): boolean {
    return this.data.images[name] !== undefined;
  }

  shapes(name: string): string[] {
    return Object.keys(this.data.images[name] ?? {});
  }

  versions(name: string, shape: string): ShapeVersions {
    const key = name + '\0' + shape;
    let out = this.parsed.get(key);
    if (out === undefined) {
      out = new Map();
      const s = this.data.images[name]?.[shape];
      if (s !== undefined) {
        for (const [date, list] of Object.entries(s.o ?? {})) for (const v of list.split(' ')) out.set(v, date);
        if (s.c !== undefined) for (const v of s.c.split(' ')) out.set(v, null);
      }
      this.parsed.set(key, out);
    }
    return out;
  }
}

/**
 * The catalogue file's text: JSON with one image per line (the only raw newlines JSON.stringify's
 * output can hold, since it escapes them in strings), so {@link parseCatalogue} can parse an image
 * only when it is looked up. scripts/images/build-catalogue.mjs writes it with this function.
 */
export function serializeCatalogue(data: CatalogueData): string {
  const parts = Object.entries(data).map(([key, value]) =>
    key === 'images'
      ? `"images":{\n${Object.entries(value as CatalogueData['images'])
          .map(([name, shapes]) => `${JSON.stringify(name)}:${JSON.stringify(shapes)}`)
          .join(',\n')}\n}`
      : `${JSON.stringify(key)}:${JSON.stringify(value)}`,
  );
  return `{${parts.join(',')}}\n`;
}

/**
 * The catalogue file as data, each image parsed on first use: a start that looks up one image
 * (every `init`) parses that image's line, not the whole file (most of what the image policy cost).
 * Text in another layout (one line, as JSON.stringify writes it) is parsed at once; either way the
 * data is what JSON.parse gives for the whole text. A line that does not parse makes the whole text
 * parse then, with JSON.parse's own error.
 */
export function parseCatalogue(text: string): CatalogueData {
  const lines = text.split('\n');
  while (lines.at(-1) === '') lines.pop();
  const head = lines[0] ?? '';
  const tail = lines.at(-1) ?? '';
  if (lines.length < 3 || !head.endsWith('"images":{') || !tail.startsWith('}')) return JSON.parse(text) as CatalogueData;
  let data: CatalogueData;
  const entries: Array<[string, string]> = [];
  try {
    data = JSON.parse(head + tail) as CatalogueData;
    for (let i = 1; i < lines.length - 1; i++) {
      const line = lines[i] as string;
      const colon = line.indexOf('":');
      const name: unknown = line.startsWith('"') && colon > 0 ? JSON.parse(line.slice(0, colon + 1)) : undefined;
      const last = i === lines.length - 2;
      // Every image but the last ends its line with the comma before the next.
      if (typeof name !== 'string' || line.endsWith(',') === last) return JSON.parse(text) as CatalogueData;
      entries.push([name, line.slice(colon + 2, last ? line.length : -1)]);
    }
  } catch {
    return JSON.parse(text) as CatalogueData;
  }
  if (data.images === undefined || Object.keys(data.images).length > 0) return JSON.parse(text) as CatalogueData;
  const images: CatalogueData['images'] = {};
  for (const [name, json] of entries)
    Object.defineProperty(images, name, {
      enumerable: true,
      configurable: true,
      get() {
        let value: Record<string, ShapeData>;
        try {
          value = JSON.parse(json) as Record<string, ShapeData>;
        } catch {
          value = (JSON.parse(text) as CatalogueData).images[name] as Record<string, ShapeData>;
        }
        Object.defineProperty(images, name, { value, enumerable: true, configurable: true, writable: true });
        return value;
      },
    });
  data.images = images;
  return data;
}

let loaded: Catalogue | undefined;

/** The catalogue shipped with this package (read on first use, each image parsed when looked up, then cached). */
export function catalogue(): Catalogue {
  loaded ??= new Catalogue(parseCatalogue(readFileSync(new URL('../data/catalogue.json', import.meta.url), 'utf8')));
  return loaded;
}
