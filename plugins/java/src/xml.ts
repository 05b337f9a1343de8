/** Just enough XML for pom.xml: comments dropped, elements found by name, text unescaped. */

/** The document without comments and CDATA markers. */
export function stripXmlComments(xml: string): string {
  return xml.replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1');
}

/** Every `<name>...</name>` body in document order (no nesting of the same name). */
export function blocks(xml: string, name: string): string[] {
  const re = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}\\s*>`, 'g');
  return [...xml.matchAll(re)].map((m) => m[1] ?? '');
}

/** The first `<name>` body, trimmed and unescaped. */
export function text(xml: string, name: string): string | undefined {
  const body = blocks(xml, name)[0];
  return body === undefined ? undefined : unescape(body.trim());
}

/** The document with the given elements removed (so project-level fields are not read from inside them). */
export function without(xml: string, names: readonly string[]): string {
  let out = xml;
  for (const name of names) out = out.replace(new RegExp(`<${name}(?:\\s[^>]*)?>[\\s\\S]*?</${name}\\s*>`, 'g'), '');
  return out;
}

/** Direct child elements of a block as name -> text (for `<properties>`). */
export function children(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of xml.matchAll(/<([A-Za-z_][\w.-]*)(?:\s[^>]*)?>([^<]*)<\/\1\s*>/g)) out.set(m[1] as string, unescape((m[2] ?? '').trim()));
  return out;
}

function unescape(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
