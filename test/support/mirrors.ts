import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from './engine.js';

const DOCKER = process.env['DOCKSTACK_DOCKER'] ?? '/usr/bin/docker';

/** The package mirrors the engine tier can serve (a fixture names one as `engine.mirror`). */
export type MirrorKind = 'pypi' | 'rubygems' | 'composer';

/** A package mirror the engine tier serves on a loopback port for the life of the tier. */
export interface Mirror {
  kind: MirrorKind;
  /**
   * The URL the clients are given: a PEP 503 simple index (pypi), a gem source root (rubygems), or the
   * server itself (composer: Composer reaches it as its HTTP proxy, see `base`).
   */
  url: string;
  /**
   * composer: the placeholder base URL the repository's packages.json and the locks made against it name
   * (a host under .invalid); the server answers for it when a client uses it as its proxy.
   */
  base?: string;
  /** The served folder. */
  dir: string;
  stop(): void;
}

const KINDS: Record<MirrorKind, { what: string; path: string; answers: (body: string) => boolean }> = {
  // PEP 503: /simple/ links every project.
  pypi: { what: 'PyPI mirror', path: 'simple/', answers: (body) => body.includes('<a href=') },
  // Bundler's compact index: /versions lists every gem after a `---` line.
  rubygems: { what: 'gem source', path: '', answers: (body) => /^---$/m.test(body) },
  // A Composer repository: packages.json lists every package inline.
  composer: { what: 'Composer mirror', path: '', answers: (body) => body.includes('"packages"') },
};

/**
 * Builds (or reuses) a local mirror from Debian's packages (scripts/mirrors/<kind>/build-mirror.sh: wheels
 * for pypi, gems for rubygems, dist zips for composer) and serves it with `python3 -m http.server` (composer:
 * scripts/mirrors/composer/serve.py, which also answers as the proxy for its placeholder host) on a random
 * free loopback port until `stop()`.
 */
export async function startMirror(kind: MirrorKind): Promise<Mirror> {
  const { what, path: root, answers } = KINDS[kind];
  const built = spawnSync('bash', [path.join(REPO, 'scripts', 'mirrors', kind, 'build-mirror.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = (built.stdout ?? '').trim().split('\n');
  for (const l of lines.slice(0, -1)) console.log(`  ${l}`);
  const dir = lines.at(-1) ?? '';
  if (built.status !== 0 || !dir.startsWith('/'))
    throw new Error(`building the ${what} failed (exit ${built.status}); see the log named above`);
  // Port 0: the kernel picks a free port; http.server prints it.
  const serve =
    kind === 'composer'
      ? ['-u', path.join(REPO, 'scripts', 'mirrors', 'composer', 'serve.py'), dir, '0']
      : ['-u', '-m', 'http.server', '--bind', '127.0.0.1', '--directory', dir, '0'];
  const server = spawn('python3', serve, { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the ${what}'s http.server printed no port in 20 s: ${out}`)), 20_000);
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
    server.on('exit', (code) => reject(new Error(`the ${what}'s http.server exited (${code}): ${out}`)));
  });
  server.stdout!.resume();
  server.stderr!.resume();
  const url = `http://127.0.0.1:${port}/${root}`;
  const probe = kind === 'rubygems' ? `${url}versions` : kind === 'composer' ? `${url}packages.json` : url;
  const answer = await fetch(probe);
  if (!answer.ok || !answers(await answer.text())) {
    stopServer(server);
    throw new Error(`the ${what} at ${probe} does not answer with an index (HTTP ${answer.status})`);
  }
  const base = kind === 'composer' ? readFileSync(path.join(dir, 'base-url'), 'utf8').trim() : undefined;
  return { kind, url, dir, ...(base === undefined ? {} : { base }), stop: () => stopServer(server) };
}

function stopServer(server: ChildProcess): void {
  if (server.exitCode === null && server.pid !== undefined) server.kill('SIGTERM');
}

/**
 * The stand-in base image with the mirror's client configuration added, as a company base image would
 * carry it: for pypi `/etc/pip.conf` naming the mirror as the index (pip reads it for every install, in
 * a venv too); for rubygems Bundler's `mirror.all` setting (`BUNDLE_MIRROR__ALL`), which sends every gem
 * source the Gemfile names to the mirror, so no registry host is named here, and a Bundler cache folder of
 * that source's own; for composer only the Composer image (the `COMPOSER_IMAGE` build argument) gets
 * Composer's global config (`$COMPOSER_HOME/config.json`, /tmp in the composer image: the mirror as its
 * repository, Packagist off, plain HTTP allowed for the mirror's placeholder host) and `http_proxy` naming
 * the server, which answers for that host: a lock made against the mirror installs from the URLs it names.
 * `composerHome` first sets COMPOSER_HOME=/tmp, for an image that is not the Composer image but runs Composer.
 * Tagged `dockstack-test/<kind>-client:<hash>`; `removeMirrorBases` deletes the ones made.
 */
const made = new Set<string>();
export function mirrorBase(base: string, mirror: Mirror, arg?: string, options: { composerHome?: boolean } = {}): string {
  const files: Record<string, string> = {};
  let dockerfile = `FROM ${base}\n`;
  if (mirror.kind === 'composer') {
    if (arg !== 'COMPOSER_IMAGE') return base;
    // A language image that runs a copied-in Composer (the benchmark's hand-written files) gets /tmp as its COMPOSER_HOME.
    if (options.composerHome === true) dockerfile += 'ENV COMPOSER_HOME=/tmp\n';
    files['config.json'] = `${JSON.stringify(
      { config: { 'secure-http': false }, repositories: [{ type: 'composer', url: mirror.base }, { 'packagist.org': false }] },
      null,
      2,
    )}\n`;
    // /tmp is COMPOSER_HOME in the official composer image and the stand-in (its cache, /tmp/cache, is
    // the template's cache mount).
    dockerfile += `RUN test "$COMPOSER_HOME" = /tmp\nCOPY config.json /tmp/config.json\nENV http_proxy=${mirror.url}\n`;
  } else if (mirror.kind === 'pypi') {
    const host = new URL(mirror.url).host;
    files['pip.conf'] = `[global]\nindex-url = ${mirror.url}\ntrusted-host = ${host.replace(/:\d+$/, '')}\n`;
    dockerfile += 'COPY pip.conf /etc/pip.conf\n';
  } else {
    // Bundler's global gem cache (the template's cache mount, /root/.bundle/cache) files gems under the
    // source the Gemfile names, not the mirror: a gem repacked differently under the same name and version
    // (a new Debian revision, a converter change) would then fail Bundler's checksum check against a copy
    // cached from an older source. One cache folder per built source (its content hash) inside the mount.
    dockerfile += `ENV BUNDLE_MIRROR__ALL=${mirror.url} BUNDLE_USER_CACHE=/root/.bundle/cache/dockstack-${path.basename(mirror.dir)}\n`;
  }
  const tag = `dockstack-test/${mirror.kind}-client:${createHash('sha256')
    .update(`${dockerfile}\n${JSON.stringify(files)}`)
    .digest('hex')
    .slice(0, 16)}`;
  if (made.has(tag)) return tag;
  const dir = mkdtempSync(path.join(tmpdir(), 'dockstack-mirror-base-'));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
    writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
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
