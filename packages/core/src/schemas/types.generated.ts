// Generated from src/schemas/*.schema.json and registry/index.schema.json by scripts/schema-types.mjs; do not edit.

export interface ConfigSchema {
  /**
   * Editor hint; ignored by dockstack.
   */
  $schema?: string;
  /**
   * The stacks the project uses: one entry per service (one Dockerfile each).
   */
  stacks: {
    /**
     * Stack id, e.g. node.
     */
    stack: string;
    /**
     * Semver range of the stack, e.g. ^0.1.0.
     */
    version?: string;
    /**
     * Service folder relative to the project root, `/`-separated, no `..` (default `.`).
     */
    path?: string;
    /**
     * Build context relative to the project root when it is not the service folder: a folder that holds it, e.g. `.` for a workspace member built from the workspace root. The Dockerfile stays in the service folder, its ignore file beside it as `Dockerfile.dockerignore`.
     */
    context?: string;
    /**
     * Service name in compose.yaml and docker-bake.hcl (default: the folder name).
     */
    name?: string;
    /**
     * Option values chosen for this service; checked against the stack's options schema.
     */
    options?: {
      [k: string]: unknown;
    };
    /**
     * Other long-running processes run from this service's image besides its own command (a queue worker, a scheduler), named as a Procfile names them: each becomes a compose service `<service>-<name>` that runs the command. `init` seeds it from the service's Procfile and what detection finds.
     */
    processes?: {
      [k: string]: string;
    };
  }[];
}

export interface LockSchema {
  /**
   * Format version of this file.
   */
  lockfileVersion: 1;
  /**
   * Service folder (relative to the project root, `.` for the root) -> what generated its files.
   */
  services: {
    [k: string]: {
      /**
       * Stack id.
       */
      stack: string;
      /**
       * npm package of the stack.
       */
      package: string;
      /**
       * Exact stack version.
       */
      version: string;
      /**
       * sha512 of the stack's manifest, options schema and template files.
       */
      integrity: string;
      /**
       * Every resolved option value the files were rendered with.
       */
      options: {
        [k: string]: unknown;
      };
      /**
       * dockstack version printed in the file headers.
       */
      generator: string;
      /**
       * Regenerate command printed in the file headers.
       */
      regenerate: string;
      /**
       * Generated file (relative to the service folder) -> sha512 of the rendered text.
       */
      files: {
        [k: string]: string;
      };
      /**
       * Base image (name:tag as the Dockerfile names it) -> the sha256 digest dockstack pin wrote into the Dockerfile.
       */
      digests?: {
        [k: string]: string;
      };
    };
  };
}

export interface ManifestSchema {
  /**
   * Stack id.
   */
  id: string;
  /**
   * Human name.
   */
  displayName: string;
  /**
   * One sentence.
   */
  description?: string;
  /**
   * Semver range of the plugin API.
   */
  apiRange: string;
  /**
   * Options JSON Schema path.
   */
  schema: string;
  /**
   * Output file -> template path.
   */
  templates: {
    [k: string]: string;
  };
  /**
   * Detector module path.
   */
  detector?: string;
  /**
   * Migrations module path.
   */
  migrations?: string;
  /**
   * Tags.
   */
  tags?: string[];
  /**
   * Hint files.
   */
  detectHints?: string[];
  /**
   * Global ARG holding a base image -> the options that form its tag (the image policy).
   */
  images?: {
    [k: string]: {
      /**
       * Option carrying the image version.
       */
      version?: string;
      /**
       * Option choosing the OS variant (its enum, newest first).
       */
      variant?: string;
      /**
       * Version parts naming the release line.
       */
      lineDepth?: number;
    };
  };
}

export interface RegistryIndexSchema {
  /**
   * Editor hint: the path or URL of this schema.
   */
  $schema?: string;
  /**
   * Shape version of this file; readers refuse formats they do not know.
   */
  formatVersion: 1;
  /**
   * Every known stack, sorted by id; ids and packages are unique.
   */
  stacks: Stack[];
}
export interface Stack {
  /**
   * Stack id, as in package.json#dockstack.id.
   */
  id: string;
  /**
   * The npm package that holds the stack.
   */
  package: string;
  /**
   * Human name.
   */
  displayName: string;
  /**
   * One sentence.
   */
  description: string;
  /**
   * Search tags, sorted.
   */
  tags: string[];
  /**
   * Files whose presence hints at this stack.
   */
  detectHints: string[];
  /**
   * True for stacks built from this repository's plugins/ folder; others need confirmation (or --trust) to install.
   */
  official: boolean;
  /**
   * Known published versions, ascending by semver.
   *
   * @minItems 1
   */
  versions: Version[];
}
export interface Version {
  /**
   * Exact semver version.
   */
  version: string;
  /**
   * Subresource Integrity (sha512) of the published tarball; installs refuse a tarball that does not match.
   */
  integrity: string;
  /**
   * Plugin API range the version declares (package.json#dockstack.apiRange).
   */
  apiRange: string;
  /**
   * The version's release notes: a CHANGELOG.md path relative to the repository root, with the anchor of its `## <version>` heading (the published package holds the same file).
   */
  changelog?: string;
  /**
   * Engine-proof status when the version was released: of its test fixtures (each rendered and compared byte for byte with a golden file), how many the engine tier also builds and runs on a real Docker engine.
   */
  proof?: {
    /**
     * Test fixtures (golden-checked).
     */
    fixtures: number;
    /**
     * Fixtures built and run on a real engine by the engine tier.
     */
    engine: number;
  };
  /**
   * True when the version should no longer be installed.
   */
  deprecated: boolean;
  /**
   * Why, and what to use instead (only when deprecated).
   */
  deprecationMessage?: string;
}
