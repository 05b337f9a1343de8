import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  GENERATOR_VERSION,
  detectFor,
  detectionWorkspace,
  plan,
  type Candidate,
  type LoadedStack,
  type ServicePlan,
} from '@dockstack/core';

/** What "works" means for a fixture on a real engine. */
export interface EngineExpectation {
  /** An HTTP answer (a server), a job's output (it runs and exits), or a worker's log line while it runs. */
  check:
    | { http: { path: string; status: number; contains: string; fastcgi?: { script: string } } }
    | { run: { stdout: string } }
    | { log: { contains: string } };
  port?: number;
  /**
   * A longer bound than 2 s for `docker stop`, with the reason: a worker whose warm shutdown on SIGTERM
   * legitimately takes longer (it must still exit by itself, never be killed at the grace period).
   */
  stopWithin?: { seconds: number; why: string };
  /** A source file touched for the rebuild-cache check. */
  edit?: string;
  /** Absolute paths that must not exist in the runtime image. */
  absent?: string[];
  /**
   * Absolute paths the runtime user must be able to write (created when missing): where the app
   * writes at run time, e.g. Next's `.next/cache` (ISR and image caches).
   */
  writable?: string[];
  /**
   * Environment the container runs with (what a deployment passes at run time, e.g. a secret key).
   * `${SERVED_URL}` stands for the URL of the `serve` document, `${NPM_REGISTRY}` for the machine's
   * npm registry (`npm config get registry`): an HTTPS page a job can reach from the engine here.
   */
  env?: Record<string, string>;
  /**
   * A document the harness serves over plain HTTP on a loopback port while the fixture runs (the run
   * uses the host network), for a job that fetches one: its URL goes to the job through `env`
   * (`${SERVED_URL}`), and the test checks the job requested it.
   */
  serve?: { path: string; contentType: string; body: string };
  /**
   * The packages come from a local mirror the engine tier builds from Debian's packages and serves on a
   * loopback port (`pypi`: scripts/mirrors/pypi; `rubygems`: scripts/mirrors/rubygems; `composer`:
   * scripts/mirrors/composer). The Dockerfile is unchanged: the stand-in base image gets the package tool's
   * client configuration (/etc/pip.conf, Bundler's mirror setting, Composer's global config and proxy), as
   * a company base image would.
   */
  mirror?: 'pypi' | 'rubygems' | 'composer';
  /**
   * `--build-arg` values the engine build passes, as a user would (a tool version the mirror serves,
   * e.g. POETRY_VERSION); the Dockerfile is unchanged and the proof table names them.
   */
  buildArgs?: Record<string, string>;
}

/** `fixture.json` beside each fixture app. */
export interface FixtureSpec {
  description: string;
  /** Option values detection must propose (checked by the golden test). */
  expect?: Record<string, unknown>;
  /** Option values set as if by `--set` for this fixture. */
  set?: Record<string, unknown>;
  /** Null when the fixture is golden-only. */
  engine?: EngineExpectation | null;
  /**
   * The service is a folder of the fixture built from a context above it (a workspace member built from
   * the workspace root): detection sees both, the goldens live in `path` (`Dockerfile`,
   * `Dockerfile.dockerignore`) and the engine builds `context` with that Dockerfile.
   */
  service?: { path: string; context: string };
}

export interface Fixture {
  name: string;
  dir: string;
  spec: FixtureSpec;
}

/** Every fixture folder under `<stack>/test/fixtures`, sorted by name (sync, so mocha can name one test each). */
export function loadFixtures(stackDir: string): Fixture[] {
  const root = path.join(stackDir, 'test', 'fixtures');
  let names: string[];
  try {
    names = readdirSync(root).sort();
  } catch {
    return [];
  }
  const out: Fixture[] = [];
  for (const name of names) {
    const dir = path.join(root, name);
    if (!statSync(dir).isDirectory()) continue;
    const spec = JSON.parse(readFileSync(path.join(dir, 'fixture.json'), 'utf8')) as FixtureSpec;
    out.push({ name, dir, spec });
  }
  return out;
}

export interface FixtureRender {
  candidate?: Candidate;
  generation: ServicePlan;
}

/** detect -> options -> render for one fixture through core's one pipeline, exactly as `dockstack add <stack> --set ...` would. */
export async function renderFixture(stack: LoadedStack, fixture: Fixture, extra: Record<string, unknown> = {}): Promise<FixtureRender> {
  // Harness overrides (the engine tier's syntax=false) are not the user's choices: they stay out of the header.
  const service = fixture.spec.service;
  const choice =
    service === undefined
      ? await detectFor(stack, fixture.dir)
      : await detectFor(stack, path.join(fixture.dir, service.path), detectionWorkspace(fixture.dir, service));
  const failed = choice.detection?.problems.filter((p) => p.dropped === undefined) ?? [];
  if (failed.length > 0) throw new Error(`detector failed on ${fixture.name}: ${failed.map((p) => p.message).join('; ')}`);
  const generation = await plan(
    {
      path: service?.path ?? '.',
      ...(service === undefined ? {} : { context: service.context }),
      stack,
      choice,
      set: fixture.spec.set ?? {},
      harness: extra,
    },
    { root: fixture.dir, generatorVersion: GENERATOR_VERSION },
  );
  return { ...(choice.candidate === undefined ? {} : { candidate: choice.candidate }), generation };
}

/** Where a fixture's golden of a generated file lives (in the service folder of a `service` fixture). */
export function fixtureFile(fixture: Fixture, file: string): string {
  return path.join(fixture.dir, fixture.spec.service?.path ?? '.', file);
}

/** The generated ignore file: `.dockerignore`, or `Dockerfile.dockerignore` for a service built from a context above it. */
export function ignoreFileOf<T extends { path: string }>(files: readonly T[]): T | undefined {
  return files.find((f) => f.path === '.dockerignore' || f.path === 'Dockerfile.dockerignore');
}
