/** Global ARGs (declared before the first FROM) with their defaults resolved. */
export function globalArgs(dockerfile: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of dockerfile.split('\n')) {
    const line = raw.trim();
    if (/^FROM\s/i.test(line)) break;
    const m = /^ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/i.exec(line);
    if (!m) continue;
    const value = (m[2] ?? '').replace(/^"(.*)"$/, '$1');
    out[m[1] as string] = value.replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
      (_, a: string | undefined, b: string | undefined) => out[(a ?? b) as string] ?? '',
    );
  }
  return out;
}

/**
 * Build args that point a Dockerfile's base-image ARGs at substitutes (a mirror, or the
 * test suite's stand-ins): every global ARG whose resolved default is a key of `map`.
 */
export function substituteBaseImages(
  dockerfile: string,
  map: Record<string, string>,
): { buildArgs: Record<string, string>; unmapped: string[] } {
  const buildArgs: Record<string, string> = {};
  const unmapped: string[] = [];
  const args = globalArgs(dockerfile);
  for (const [name, value] of Object.entries(args)) {
    if (!/_IMAGE$/.test(name)) continue;
    const target = map[value];
    if (target !== undefined) buildArgs[name] = target;
    else unmapped.push(value);
  }
  return { buildArgs, unmapped };
}
