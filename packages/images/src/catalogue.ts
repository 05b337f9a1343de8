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

let loaded: Catalogue | undefined;

/** The catalogue shipped with this package (read and parsed on first use, then cached). */
export function catalogue(): Catalogue {
  loaded ??= new Catalogue(JSON.parse(readFileSync(new URL('../data/catalogue.json', import.meta.url), 'utf8')) as CatalogueData);
  return loaded;
}
