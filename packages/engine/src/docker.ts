import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { DockstackError } from '@dockstack/core';

/** Result of one docker CLI call. */
export interface DockerResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** The docker client to use: an explicit DOCKSTACK_DOCKER, else Debian's client (has buildx), else PATH. */
export function dockerBinary(): string {
  const explicit = process.env['DOCKSTACK_DOCKER'];
  if (explicit) return explicit;
  try {
    accessSync('/usr/bin/docker', constants.X_OK);
    return '/usr/bin/docker';
  } catch {
    return 'docker';
  }
}

/**
 * Runs `docker <args>`; never throws for a non-zero exit (callers decide), only when the
 * client cannot be started. Lines of stderr stream to `onLine` as they arrive.
 */
export function docker(
  args: readonly string[],
  options: { input?: string; onLine?: (line: string) => void; timeoutMs?: number } = {},
): Promise<DockerResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(dockerBinary(), args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, DOCKER_CLI_HINTS: 'false' } });
    let stdout = '';
    let stderr = '';
    let partial = '';
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      const text = d.toString();
      stderr += text;
      if (options.onLine) {
        partial += text;
        const lines = partial.split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) options.onLine(line);
      }
    });
    child.on('error', (error) =>
      reject(
        new DockstackError('E_ENGINE', `Cannot run the docker client (${dockerBinary()}): ${error.message}`, {
          hint: 'Install Docker, or set DOCKSTACK_DOCKER to the client path.',
          cause: error,
        }),
      ),
    );
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      if (options.onLine && partial) options.onLine(partial);
      resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - started });
    });
    // A client that exits before reading its stdin (a refused `docker run`) must not crash the caller with EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** Throws E_ENGINE unless a Docker engine with buildx answers. */
export async function assertEngine(): Promise<{ version: string }> {
  const info = await docker(['version', '--format', '{{.Server.Version}}'], { timeoutMs: 15_000 }).catch((e: unknown) => {
    throw e;
  });
  if (info.code !== 0) {
    throw new DockstackError('E_ENGINE', 'No Docker engine answers', {
      hint: "Start one (on this project's machines: bash scripts/engine/ensure-engine.sh), or point DOCKER_HOST at one.",
      data: { stderr: info.stderr.trim().split('\n').slice(-3) },
    });
  }
  const buildx = await docker(['buildx', 'version'], { timeoutMs: 15_000 });
  if (buildx.code !== 0)
    throw new DockstackError('E_ENGINE', 'The docker client has no buildx plugin', {
      hint: 'Install docker-buildx (Debian) or docker-buildx-plugin.',
    });
  return { version: info.stdout.trim() };
}

/** True when the engine has a bridge network (else builds and containers use the host network). */
let bridge: Promise<boolean> | undefined;
export function hasBridgeNetwork(): Promise<boolean> {
  bridge ??= docker(['network', 'inspect', 'bridge'], { timeoutMs: 15_000 }).then(
    (r) => r.code === 0,
    () => false,
  );
  return bridge;
}
