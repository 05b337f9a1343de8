import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from './engine.js';

const DOCKER = process.env['DOCKSTACK_DOCKER'] ?? '/usr/bin/docker';

/** A package mirror the engine tier serves on a loopback port for the life of the tier. */
export interface Mirror {
  kind: 'pypi';
  /** The index URL the clients are given (PEP 503 simple index). */
  url: string;
  /** The served folder. */
  dir: string;
  stop(): void;
}

/**
 * Builds (or reuses) the local PyPI mirror from Debian's packages (scripts/mirrors/pypi/build-mirror.sh)
 * and serves it with `python3 -m http.server` on a random free loopback port until `stop()`.
 */
export async function startPypiMirror(): Promise<Mirror> {
  const built = spawnSync('bash', [path.join(REPO, 'scripts', 'mirrors', 'pypi', 'build-mirror.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = (built.stdout ?? '').trim().split('\n');
  for (const l of lines.slice(0, -1)) console.log(`  ${l}`);
  const dir = lines.at(-1) ?? '';
  if (built.status !== 0 || !dir.startsWith('/'))
    throw new Error(`building the PyPI mirror failed (exit ${built.status}); see the log named above`);
  // Port 0: the kernel picks a free port; http.server prints it.
  const server = spawn('python3', ['-u', '-m', 'http.server', '--bind', '127.0.0.1', '--directory', dir, '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the mirror's http.server printed no port in 20 s: ${out}`)), 20_000);
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /port (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    server.stdout!.on('data', onData);
    server.stderr!.on('data', onData);
    server.on('exit', (code) => reject(new Error(`the mirror's http.server exited (${code}): ${out}`)));
  });
  server.stdout!.resume();
  server.stderr!.resume();
  const url = `http://127.0.0.1:${port}/simple/`;
  const answer = await fetch(url);
  if (!answer.ok || !(await answer.text()).includes('<a href=')) {
    stopServer(server);
    throw new Error(`the PyPI mirror at ${url} does not answer with an index (HTTP ${answer.status})`);
  }
  return { kind: 'pypi', url, dir, stop: () => stopServer(server) };
}

function stopServer(server: ChildProcess): void {
  if (server.exitCode === null && server.pid !== undefined) server.kill('SIGTERM');
}

/**
 * The stand-in base image with the mirror's client configuration added: `/etc/pip.conf` naming the
 * mirror as the index (pip reads it for every install, in a venv too). Tagged
 * `dockstack-test/pypi-client:<hash>`; `removeMirrorBases` deletes the ones made.
 */
const made = new Set<string>();
export function mirrorBase(base: string, mirror: Mirror): string {
  const host = new URL(mirror.url).host;
  const pipConf = `[global]\nindex-url = ${mirror.url}\ntrusted-host = ${host.replace(/:\d+$/, '')}\n`;
  const tag = `dockstack-test/${mirror.kind}-client:${createHash('sha256').update(`${base}\n${pipConf}`).digest('hex').slice(0, 16)}`;
  if (made.has(tag)) return tag;
  const dir = mkdtempSync(path.join(tmpdir(), 'dockstack-mirror-base-'));
  try {
    writeFileSync(path.join(dir, 'pip.conf'), pipConf);
    writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${base}\nCOPY pip.conf /etc/pip.conf\n`);
    const r = spawnSync(DOCKER, ['buildx', 'build', '--load', '--network=host', '-t', tag, dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`building ${tag} from ${base} failed: ${r.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  made.add(tag);
  return tag;
}

/** Removes the client images `mirrorBase` built in this run. */
export function removeMirrorBases(): void {
  for (const tag of made) spawnSync(DOCKER, ['image', 'rm', tag], { stdio: 'ignore' });
  made.clear();
}
