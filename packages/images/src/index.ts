export {
  catalogue,
  Catalogue,
  parseCatalogue,
  serializeCatalogue,
  type CatalogueData,
  type ShapeData,
  type ShapeVersions,
} from './catalogue.js';
export { parseRef, formatRef, splitTag, compareVersions, type ImageRef } from './ref.js';
export { lookup, versionsOf, nearestVersion, publishedTags, type TagFacts } from './lookup.js';
export { eolFacts, isEol, supportedLines, type EolFact } from './eol.js';
export { catalogueAge, type CatalogueAge } from './age.js';
export { resolveDigest, registryLocation, parseChallenge, MANIFEST_ACCEPT, type DigestOptions } from './digest.js';
