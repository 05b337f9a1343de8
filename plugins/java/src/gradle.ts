import { get, stringOf } from '@dockstack/plugin-api';

/** What the java stack reads from a Gradle build script (Groovy or Kotlin DSL), by pattern. */
export interface GradleScript {
  /** Plugin ids applied, with their versions where given. */
  plugins: Map<string, string | undefined>;
  /** Plugin ids declared with `apply false` (a root script pinning versions for subprojects). */
  declared: Map<string, string | undefined>;
  /** `JavaLanguageVersion.of(N)`, `jvmToolchain(N)`. */
  toolchain?: string;
  /** `sourceCompatibility`/`targetCompatibility`/`release`. */
  compatibility?: string;
  mainClass?: string;
  /** Dependency coordinates (`group:name`) found in string notation. */
  dependencies: string[];
}

function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

/** Parses the parts of build.gradle / build.gradle.kts the stack uses. */
export function parseGradleScript(source: string): GradleScript {
  const src = stripComments(source);
  const out: GradleScript = { plugins: new Map(), declared: new Map(), dependencies: [] };
  // plugins { id 'x' version 'y' } / id("x") version "y" / `java` / application / apply plugin: 'x'
  for (const m of src.matchAll(
    /\bid\s*\(?\s*["']([\w.-]+)["']\s*\)?(?:\s*version\s*\(?\s*["']([^"']+)["']\s*\)?)?(\s*apply\s*\(?\s*false)?/g,
  )) {
    (m[3] === undefined ? out.plugins : out.declared).set(m[1] as string, m[2]);
  }
  for (const m of src.matchAll(/apply\s*\(?\s*plugin\s*[:=]\s*["']([\w.-]+)["']/g)) out.plugins.set(m[1] as string, undefined);
  const block = /\bplugins\s*\{([^}]*)\}/.exec(src)?.[1] ?? '';
  for (const m of block.matchAll(/^\s*(application|java|`java-library`|java-library|`application`)\s*$/gm))
    out.plugins.set((m[1] as string).replace(/`/g, ''), undefined);
  for (const m of block.matchAll(/\balias\s*\(\s*libs\.plugins\.([\w.]+)\s*\)/g)) out.plugins.set(`alias:${m[1] as string}`, undefined);
  const toolchain = /JavaLanguageVersion\.of\(\s*["']?(\d+)["']?\s*\)/.exec(src) ?? /\bjvmToolchain\s*\(\s*(\d+)\s*\)/.exec(src);
  if (toolchain) out.toolchain = toolchain[1] as string;
  const compat =
    /\b(?:sourceCompatibility|targetCompatibility|options\.release)\s*(?:=|\.set\()\s*(?:JavaVersion\.(?:VERSION_)?([\d_]+)|["']?([\d.]+)["']?)/.exec(
      src,
    );
  if (compat) out.compatibility = (compat[1] ?? compat[2] ?? '').replace(/_/g, '.');
  const main = /\bmainClass(?:Name)?\s*(?:=|\.set\()\s*["']([\w.$]+)["']/.exec(src);
  if (main) out.mainClass = main[1] as string;
  for (const m of src.matchAll(/["']([\w.-]+):([\w.-]+)(?::[^"']*)?["']/g)) out.dependencies.push(`${m[1] as string}:${m[2] as string}`);
  return out;
}

/** `rootProject.name` and the included projects (as directories) of settings.gradle(.kts). */
export function parseSettings(source: string): { name?: string; includes: string[] } {
  const src = stripComments(source);
  const out: { name?: string; includes: string[] } = { includes: [] };
  const name = /rootProject\.name\s*=\s*["']([^"']+)["']/.exec(src);
  if (name) out.name = name[1] as string;
  for (const m of src.matchAll(/\binclude\s*\(?([^\n)]*)/g)) {
    for (const p of (m[1] ?? '').matchAll(/["']:?([\w.:-]+)["']/g)) {
      const dir = (p[1] as string).split(':').filter(Boolean).join('/');
      if (dir !== '' && !out.includes.includes(dir)) out.includes.push(dir);
    }
  }
  return out;
}

/** The Gradle version of the wrapper's distributionUrl. */
export function wrapperGradleVersion(properties: string): string | undefined {
  return /distributionUrl=.*gradle-(\d+(?:\.\d+){0,2})(?:-rc-\d+)?-(?:bin|all)\.zip/.exec(properties)?.[1];
}

/** A version from the `[versions]` table of a parsed version catalog (`spring-boot = "3.4.1"`, or a dotted `spring.boot`). */
export function catalogVersion(toml: unknown, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const v = stringOf(get(toml, 'versions', key)) ?? stringOf(get(toml, 'versions', ...key.split('-')));
    if (v !== undefined) return v;
  }
  return undefined;
}
