import { catalogue, type Catalogue } from './catalogue.js';

export interface CatalogueAge {
  /** Newest commit date among the sources. */
  sourceDate: string;
  generated: string;
  days: number;
  /** Older than `maxDays` (90 unless told): time to rebuild it from fresh sources. */
  stale: boolean;
}

/** How old the catalogue's knowledge is at `now`, counted from its newest source commit. */
export function catalogueAge(now: Date = new Date(), maxDays = 90, cat: Catalogue = catalogue()): CatalogueAge {
  const days = Math.floor((now.getTime() - Date.parse(cat.data.sourceDate + 'T00:00:00Z')) / 86_400_000);
  return { sourceDate: cat.data.sourceDate, generated: cat.data.generated, days, stale: days > maxDays };
}
