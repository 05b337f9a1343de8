/** One BuildKit step seen in `--progress=plain` output. */
export interface BuildStep {
  id: number;
  name: string;
  cached: boolean;
  seconds?: number;
  /** What the step printed (BuildKit's `#N 1.23 text` lines, without the prefix). */
  output: string[];
}

/** Parses BuildKit plain progress into steps (instruction text, cached or run, duration, output). */
export function parseBuildLog(log: string): BuildStep[] {
  const steps = new Map<number, BuildStep>();
  for (const line of log.split('\n')) {
    const head = /^#(\d+) (\[[^\]]+\] .*)$/.exec(line);
    if (head) {
      const id = Number(head[1]);
      if (!steps.has(id)) steps.set(id, { id, name: head[2] as string, cached: false, output: [] });
      continue;
    }
    const cached = /^#(\d+) CACHED\s*$/.exec(line);
    if (cached) {
      const step = steps.get(Number(cached[1]));
      if (step) step.cached = true;
      continue;
    }
    const done = /^#(\d+) DONE (\d+(?:\.\d+)?)s\s*$/.exec(line);
    if (done) {
      const step = steps.get(Number(done[1]));
      if (step) step.seconds = Number(done[2]);
      continue;
    }
    const out = /^#(\d+) \d+(?:\.\d+)? (.*)$/.exec(line);
    if (out) steps.get(Number(out[1]))?.output.push(out[2] as string);
  }
  return [...steps.values()].filter((s) => !/^\[internal\]/.test(s.name));
}

/**
 * What "the dependency step" is for one stack. `step` matches the RUN (its BuildKit name) that
 * installs dependencies. `mode: 'cached'`: that step must be CACHED after a source edit. `mode:
 * 'mount'`: the stack installs dependencies in its build step through a cache mount (that step
 * re-runs on every edit by design); it must then print nothing matching `fetched` (no download).
 * `recompiled`: a line a step prints when it compiles a dependency (its first group names it); no
 * step the rebuild runs may print one, so a dependency layer that holds nothing fails the check.
 */
export interface DependencyStep {
  step: RegExp;
  mode: 'cached' | 'mount';
  fetched?: RegExp;
  recompiled?: RegExp;
}

/**
 * Cargo's `Compiling <crate> v<version>` for a crate from a registry, a vendored directory or git;
 * the project's own crates (path crates) end in `(/their/path)` and do not match.
 */
export const CARGO_DEPENDENCY_COMPILED = /^\s*Compiling (\S+ v\S+)(?: \((?!\/)[^)]*\))?\s*$/;

/** Install steps of every stack: the RUNs that install dependencies, which a source edit must not re-run. */
export const INSTALL_STEP =
  /\b(npm (ci|install)|pnpm (install|fetch)|yarn (install|workspaces focus)|pip\b[^&|;]*\binstall|uv (sync|pip install)|poetry install|pipenv (install|sync)|pdm (install|sync)|go mod download|bundle install|composer install|cargo fetch|dotnet restore|mvn[^&|;]*dependency:|gradle[^&|;]*dependencies|deno (install|cache)|bun install)\b/;

/** The dependency step per stack id (the engine tier, `dockstack verify` when it knows the stack). */
export const DEPENDENCY_STEPS: Readonly<Record<string, DependencyStep>> = {
  node: { step: /\b(npm (ci|install)|pnpm (install|fetch)|yarn (install|workspaces focus)|bun install)\b/, mode: 'cached' },
  static: { step: /\b(npm (ci|install)|pnpm (install|fetch)|yarn (install|workspaces focus))\b/, mode: 'cached' },
  bun: { step: /\bbun install\b/, mode: 'cached' },
  deno: { step: /\bdeno (install|cache)\b/, mode: 'cached' },
  python: {
    step: /\b(pip\b[^&|;]*\binstall|uv (sync|pip install)|poetry install|pipenv (install|sync)|pdm (install|sync))\b/,
    mode: 'cached',
  },
  go: { step: /\bgo mod download\b/, mode: 'cached' },
  ruby: { step: /\bbundle install\b/, mode: 'cached' },
  php: { step: /\bcomposer install\b/, mode: 'cached' },
  java: { step: /\b(mvn[^&|;]*dependency:|gradle[^&|;]*\bdependencies)\b/, mode: 'cached' },
  dotnet: { step: /\bdotnet restore\b/, mode: 'cached' },
  erlang: { step: /\brebar3\b[^&|;]*\bget-deps\b/, mode: 'cached' },
  haskell: { step: /\bcabal\b[^&|;]*--only-dependencies\b/, mode: 'cached' },
  // The dependency build from a recipe (the template's `cargo fetch && cargo build`, or cargo-chef's cook).
  rust: { step: /\bcargo (fetch|chef cook)\b/, mode: 'cached', recompiled: CARGO_DEPENDENCY_COMPILED },
};

/** The dependency step of a stack; the generic union for an unknown stack. */
export function dependencyStepFor(stackId: string | undefined): DependencyStep {
  return (stackId === undefined ? undefined : DEPENDENCY_STEPS[stackId]) ?? { step: INSTALL_STEP, mode: 'cached' };
}
