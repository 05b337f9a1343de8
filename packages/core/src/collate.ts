// `a.localeCompare(b)` without its start-up cost. The first localeCompare of a process makes an ICU
// collator for the default locale, which costs more than anything else dockstack does to read a
// project (several milliseconds: a tenth of what `init` costs above `node -e 0`). The file names
// and ids dockstack sorts are nearly always printable ASCII, and for those ICU's root collation (the
// one English uses) is simple: characters compare by the primary order below (case ignored), the
// first difference deciding and a prefix coming first; when that ties, the first letter whose case
// differs decides, lower case first. compareText gives exactly localeCompare's sign there, when the
// default locale is English or the root locale (Node takes it from LC_ALL, else LC_MESSAGES, else
// LANG: unset or C/POSIX is en-US); any other text or locale goes to localeCompare itself. Unit
// tests compare it with ICU on every pair of characters and on random names.

/** ICU root's primary order of printable ASCII (letters case-folded). */
const PRIMARY_ORDER = ' _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz';

/** Primary weight by char code (0x20-0x7e), 0 elsewhere; upper case letters weigh as lower case. */
const WEIGHT = new Uint8Array(128);
for (let i = 0; i < PRIMARY_ORDER.length; i++) WEIGHT[PRIMARY_ORDER.charCodeAt(i)] = i + 1;
for (let c = 0x41; c <= 0x5a; c++) WEIGHT[c] = WEIGHT[c + 0x20] as number;

/** Locales whose collation is ICU's root one for ASCII: English (any region) and C/POSIX (en-US for ICU). */
const ROOT_LIKE = /^(?:|C|POSIX|C\.[\w-]+|en(?:_[A-Z]{2})?(?:\.[\w-]+)?)$/;

let simpleLocale: boolean | undefined;

/** Whether the process's default locale (as ICU reads it from the environment) collates ASCII as root does. */
export function rootLikeLocale(env: NodeJS.ProcessEnv = process.env): boolean {
  if (process.versions.icu === undefined) return false;
  const id = [env['LC_ALL'], env['LC_MESSAGES'], env['LANG']].find((v) => v !== undefined && v !== '') ?? '';
  return ROOT_LIKE.test(id);
}

/** The sign of root collation for two printable-ASCII strings, or undefined for other text. */
export function compareAscii(a: string, b: string): number | undefined {
  const n = Math.min(a.length, b.length);
  let caseOrder = 0;
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x > 0x7e || y > 0x7e || x < 0x20 || y < 0x20) return undefined;
    if (x === y) continue;
    const wx = WEIGHT[x] as number;
    const wy = WEIGHT[y] as number;
    if (wx !== wy) {
      // Text with any character this table does not know goes to ICU as a whole.
      return rest(a, i + 1) && rest(b, i + 1) ? (wx < wy ? -1 : 1) : undefined;
    }
    // Same letter, other case: lower case first, unless a primary difference comes later.
    if (caseOrder === 0) caseOrder = x > y ? -1 : 1;
  }
  if (!rest(a, n) || !rest(b, n)) return undefined;
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return caseOrder;
}

function rest(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/** `a.localeCompare(b)`'s sign (-1, 0, 1 or localeCompare's own value), without an ICU collator for plain ASCII in an English locale. */
export function compareText(a: string, b: string): number {
  simpleLocale ??= rootLikeLocale();
  if (simpleLocale) {
    const fast = compareAscii(a, b);
    if (fast !== undefined) return fast;
  }
  return a.localeCompare(b);
}
