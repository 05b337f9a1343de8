/**
 * The dockstack plugin API: the only module a stack package imports.
 *
 * A stack is data (a manifest under `package.json#dockstack`, a JSON Schema for its
 * options, EJS templates) plus an optional detector module. Everything a detector
 * may touch is described here; it never sees the engine's internals.
 */

/** Version of this contract. Stacks declare the range they support in `apiRange`. */
export const PLUGIN_API_VERSION = '1.4.0';

/** The manifest a stack keeps under `package.json#dockstack`. */
export interface StackManifest {
  /** Stack id, `^[a-z][a-z0-9-]{1,31}$`, e.g. `node`. */
  id: string;
  /** Human name, e.g. `Node.js`. */
  displayName: string;
  /** One sentence for `stacks list`. */
  description?: string;
  /** Semver range of the plugin API this stack was written against, e.g. `^1.0.0`. */
  apiRange: string;
  /** Path (relative to the package root) of the options JSON Schema. */
  schema: string;
  /** Output file name -> template path (relative to the package root). */
  templates: Record<string, string>;
  /** Path of an ES module exporting `detect` (a {@link Detector}); optional. */
  detector?: string;
  /** Path of an ES module exporting `migrations` (a {@link Migration} list); optional. */
  migrations?: string;
  /** Search tags, e.g. `["javascript","typescript"]`. */
  tags?: string[];
  /** File names whose presence hints at this stack (used by the registry index). */
  detectHints?: string[];
  /**
   * Base images under the global ARG holding each: which option carries the version and which the OS variant.
   * dockstack checks the rendered tag against its image catalogue and moves these options to the nearest
   * published tag when the one asked for was never published.
   */
  images?: Record<string, { version?: string; variant?: string; lineDepth?: number }>;
}

/** A directory entry seen through a {@link ProjectView}. */
export interface ProjectEntry {
  name: string;
  /** Path relative to the project root, `/`-separated. */
  path: string;
  kind: 'file' | 'dir' | 'symlink' | 'other';
}

/**
 * A read-only, bounded view of the project being detected. Paths are relative to the
 * project root and may not escape it. Reads beyond the budget (files, bytes, time)
 * return `undefined` and are reported as truncated evidence.
 */
export interface ProjectView {
  /** True when the path exists (file or directory) inside the project. */
  exists(path: string): Promise<boolean>;
  /** File text (UTF-8), or undefined when missing, unreadable, too large or over budget. */
  readText(path: string): Promise<string | undefined>;
  /** Parsed JSON, or undefined when missing or not valid JSON. */
  readJson<T = unknown>(path: string): Promise<T | undefined>;
  /** Parsed JSON with comments and trailing commas (deno.jsonc, tsconfig.json), or undefined when missing or not valid. Since 1.1. */
  readJsonc<T = unknown>(path: string): Promise<T | undefined>;
  /** Parsed JSON5 (pnpm's package.json5: unquoted keys, single quotes, comments, trailing commas), or undefined when missing or not valid. Since 1.2. */
  readJson5<T = unknown>(path: string): Promise<T | undefined>;
  /** Parsed TOML 1.0 (dates as their text), or undefined when missing or not valid TOML. Since 1.1. */
  readToml<T = Record<string, unknown>>(path: string): Promise<T | undefined>;
  /** Parsed YAML (the first document), or undefined when missing or not valid YAML. Since 1.1. */
  readYaml<T = unknown>(path: string): Promise<T | undefined>;
  /**
   * Parsed XML as plain objects, or undefined when missing or not well-formed. Elements become keys;
   * an element that repeats becomes an array; text-only elements become their trimmed, unescaped
   * text; attributes are keys prefixed with `@_`; comments are dropped. Since 1.1.
   */
  readXml<T = Record<string, unknown>>(path: string): Promise<T | undefined>;
  /** Entries of a directory (default the root); empty when missing or unreadable. */
  list(dir?: string): Promise<ProjectEntry[]>;
}

/** One piece of evidence: which file said what. */
export interface Evidence {
  file: string;
  says: string;
}

/** What a detector proposes for a project. */
export interface DetectResult {
  /** 0..1; 1 means the stack certainly applies. */
  confidence: number;
  /** Which files said what. */
  reasons: Evidence[];
  /** Proposed option values (keys must be declared in the stack's schema). */
  options: Record<string, unknown>;
  /** Why each proposed option got its value, keyed by option name. */
  why?: Record<string, string>;
  /** Things noticed but not handled (e.g. a monorepo). */
  notes?: string[];
  /**
   * Other long-running processes the project runs from the same image (a queue worker, a scheduler),
   * seeded into the config's `processes` by `init` and run as compose services. Since 1.2.
   */
  processes?: ProcessProposal[];
}

/** A process the project runs besides the image's own command: `php artisan queue:work` as `queue`. */
export interface ProcessProposal {
  /** Compose service suffix: lowercase letters, digits and `-` (`worker`, `queue`, `scheduler`). */
  name: string;
  /** The command line, as a Procfile writes it (compose splits it into words; no shell runs it). */
  command: string;
  /** Why, as `init` shows it. */
  why: string;
}

/**
 * What a detector knows besides its folder. Since 1.3: `workspace` when the service is a member of a
 * workspace and is built from the workspace root (its build context): `root` views that root (its
 * lockfile, workspace settings, the other members), `member` is the service folder relative to it.
 * Stacks that are not bundled with dockstack get no context (their detectors see their folder only).
 */
export interface DetectContext {
  workspace?: { root: ProjectView; member: string };
}

/** A stack's detector. It must not write, spawn processes or read outside the view (and the context's views). */
export type Detector = (project: ProjectView, context?: DetectContext) => Promise<DetectResult | null>;

/** Identity helper that gives a detector its type. */
export function defineDetector(detect: Detector): Detector {
  return detect;
}

/** An option migration shipped by a stack version, applied during `dockstack upgrade`. */
export interface Migration {
  /** The stack version that introduced the change; runs when upgrading from below it. */
  version: string;
  /** Short description shown to the user. */
  description: string;
  /** Returns the migrated option object (must not mutate its input). */
  migrate(options: Record<string, unknown>): Record<string, unknown>;
}

/** What a template sees as `it`. */
export interface TemplateContext {
  /** Resolved options. Reading a key the schema does not declare throws. */
  options: Record<string, unknown>;
  stack: { id: string; version: string };
  generator: { name: string; version: string };
  /** One-line comment naming generator, stack and the regenerate command. */
  header: string;
  /** Helpers (exec-form JSON, safe joins). */
  h: TemplateHelpers;
}

/** Helpers available to templates as `it.h`. */
export interface TemplateHelpers {
  /** JSON array for exec-form CMD/ENTRYPOINT/HEALTHCHECK; rejects control characters. */
  json(args: readonly string[]): string;
}

export * from './findings.js';
export * from './license.js';
export * from './node-version.js';
export * from './package-json.js';
export * from './data.js';
export * from './version-source.js';
export * from './port.js';
export * from './files.js';
export * from './labels.js';
export * from './scan.js';
export * from './choose.js';
export * from './range.js';
export * from './implied.js';
export * from './ignore.js';
export * from './workspace.js';
