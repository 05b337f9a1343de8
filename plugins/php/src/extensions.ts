/** Which `ext-*` requirements the official images already have, and which this stack can add. */

/** Compiled into (or enabled in) the official php images. */
const BUILT_IN = new Set([
  'core',
  'ctype',
  'curl',
  'date',
  'dom',
  'fileinfo',
  'filter',
  'ftp',
  'hash',
  'iconv',
  'json',
  'libxml',
  'mbstring',
  'mysqlnd',
  'openssl',
  'pcre',
  'pdo',
  'pdo_sqlite',
  'phar',
  'posix',
  'random',
  'readline',
  'reflection',
  'session',
  'simplexml',
  'sodium',
  'spl',
  'sqlite3',
  'standard',
  'tokenizer',
  'xml',
  'xmlreader',
  'xmlwriter',
  'zlib',
  'opcache',
  'zend-opcache',
]);

/** The `phpExtensions` enum of schema.json. */
export const INSTALLABLE = new Set([
  'bcmath',
  'bz2',
  'calendar',
  'exif',
  'gd',
  'gmp',
  'intl',
  'mysqli',
  'pcntl',
  'pdo_mysql',
  'pdo_pgsql',
  'pgsql',
  'soap',
  'sockets',
  'xsl',
  'zip',
  'apcu',
  'igbinary',
  'imagick',
  'redis',
  'uuid',
]);

export interface ExtensionPlan {
  install: string[];
  /** Extensions asked for that this stack does not install. */
  unknown: string[];
}

/** Splits requested extensions into installable ones (sorted) and unknown ones; built-ins drop out. */
export function planExtensions(requested: Iterable<string>): ExtensionPlan {
  const install = new Set<string>();
  const unknown = new Set<string>();
  for (const raw of requested) {
    const ext = raw.toLowerCase().replace(/-/g, '_');
    if (BUILT_IN.has(ext) || BUILT_IN.has(raw.toLowerCase())) continue;
    if (INSTALLABLE.has(ext)) install.add(ext);
    else unknown.add(ext);
  }
  return { install: [...install].sort(), unknown: [...unknown].sort() };
}
