/** The newest Java LTS when nothing says otherwise (Java 25, September 2025). */
export const DEFAULT_JAVA = '25';
/** The oldest release the stack builds: jlink, `--release` and the container-aware JVM need 11+. */
export const OLDEST_JAVA = 11;

/**
 * The feature release of a version string as written in build files and version files:
 * `17`, `21.0.2`, `1.8`, `VERSION_17` (already `17`), `21.0.2-tem`, `temurin-21`, `openjdk64-17.0.9`.
 */
export function featureRelease(raw: string): number | undefined {
  const m = /(?:^|[^\d.])(\d+)(?:\.(\d+))?/.exec(` ${raw.trim()}`);
  if (!m) return undefined;
  const major = Number(m[1]);
  if (major === 1 && m[2] !== undefined) return Number(m[2]);
  return major >= 5 && major < 100 ? major : undefined;
}

/** The value of `java=` in an .sdkmanrc. */
export function sdkmanJava(text: string): string | undefined {
  return /^\s*java\s*=\s*(\S+)/m.exec(text)?.[1];
}
