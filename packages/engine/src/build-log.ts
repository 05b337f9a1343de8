/** One BuildKit step seen in `--progress=plain` output. */
export interface BuildStep {
  id: number;
  name: string;
  cached: boolean;
  seconds?: number;
}

/** Parses BuildKit plain progress into steps (instruction text, cached or run, duration). */
export function parseBuildLog(log: string): BuildStep[] {
  const steps = new Map<number, BuildStep>();
  for (const line of log.split('\n')) {
    const head = /^#(\d+) (\[[^\]]+\] .*)$/.exec(line);
    if (head) {
      const id = Number(head[1]);
      if (!steps.has(id)) steps.set(id, { id, name: head[2] as string, cached: false });
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
    }
  }
  return [...steps.values()].filter((s) => !/^\[internal\]/.test(s.name));
}

/** Install steps: the RUNs that install dependencies, which a source edit must not re-run. */
export const INSTALL_STEP =
  /\b(npm (ci|install)|pnpm install|yarn (install|workspaces focus)|pip\b[^&|;]*\binstall|uv (sync|pip install)|poetry install|pipenv (install|sync)|pdm (install|sync)|go mod download|bundle install|composer install|cargo fetch|dotnet restore|mvn[^&|;]*dependency:|gradle[^&|;]*dependencies|deno (install|cache)|bun install)\b/;
