import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { substituteBaseImages } from '@dockstack/engine';
import { mirroredMap } from './engine.js';
import { mirrorBase, type Mirror, type MirrorKind } from './mirrors.js';

/**
 * What an engine fixture needs around its Dockerfile to build and run here, shared by the engine tier
 * (test/engine/fixtures.engine.test.ts) and the benchmark (bench/run.mjs, bench/measure.mjs): the build
 * args that point base images at stand-ins (through a registry prefix and a package mirror's client
 * configuration), the fixture's own build args, its served document and its run-time environment.
 */

/** The `registry` option a fixture sets (its base images then carry that prefix), if any. */
export const registryOf = (set: Record<string, unknown> | undefined): string | undefined =>
  typeof set?.['registry'] === 'string' && set['registry'] !== '' ? set['registry'].replace(/\/+$/, '') : undefined;

/**
 * Build args for a generated Dockerfile: every global `*_IMAGE` ARG pointed at its stand-in (through the
 * fixture's registry prefix), at the stand-in with the mirror's client configuration when the fixture
 * builds against a package mirror (the Dockerfile stays as generated), plus the fixture's own build args.
 * `unmapped` lists base images without a stand-in.
 */
export function fixtureBuildArgs(
  dockerfile: string,
  spec: { set?: Record<string, unknown>; buildArgs?: Record<string, string>; mirror?: MirrorKind },
  standins: Record<string, string>,
  mirror: Mirror | undefined,
): { buildArgs: Record<string, string>; unmapped: string[] } {
  const { buildArgs, unmapped } = substituteBaseImages(dockerfile, mirroredMap(standins, registryOf(spec.set)));
  for (const [name, value] of Object.entries(spec.buildArgs ?? {})) {
    if (/_IMAGE$/.test(name)) throw new Error(`${name}: base images come from the stand-in map, not from buildArgs`);
    if (!new RegExp(`^ARG ${name}[=\\s]`, 'm').test(dockerfile)) throw new Error(`buildArgs: the Dockerfile declares no ARG ${name}`);
    buildArgs[name] = value;
  }
  if (spec.mirror !== undefined) {
    if (mirror?.kind !== spec.mirror) throw new Error(`the ${spec.mirror} mirror is not running`);
    // The stand-in base gets the client configuration naming the mirror (/etc/pip.conf, Bundler's
    // mirror setting, Composer's global config and proxy on the Composer image).
    for (const [name, value] of Object.entries(buildArgs)) if (/_IMAGE$/.test(name)) buildArgs[name] = mirrorBase(value, mirror, name);
  }
  return { buildArgs, unmapped };
}

/**
 * Serves a fixture's `serve` document on a loopback port (the engine here runs containers on the host
 * network, so a job reaches it there); counts the requests for it.
 */
export async function serveDocument(doc: {
  path: string;
  contentType: string;
  body: string;
}): Promise<{ url: string; hits: () => number; close: () => void }> {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === doc.path) {
      hits += 1;
      res.writeHead(200, { 'content-type': doc.contentType });
      res.end(doc.body);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { url: `http://127.0.0.1:${port}${doc.path}`, hits: () => hits, close: () => server.close() };
}

/** The machine's npm registry (its own configuration, never a name written here). */
const npmRegistry = (): string => execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim();

/** A fixture's run-time environment with `${SERVED_URL}` and `${NPM_REGISTRY}` filled in. */
export function fixtureEnv(env: Record<string, string>, servedUrl: string | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([k, v]) => {
      let value = v;
      if (value.includes('${SERVED_URL}')) {
        if (!servedUrl) throw new Error(`${k}: \${SERVED_URL} needs a serve document in the fixture's engine block`);
        value = value.replaceAll('${SERVED_URL}', servedUrl);
      }
      if (value.includes('${NPM_REGISTRY}')) value = value.replaceAll('${NPM_REGISTRY}', npmRegistry());
      return [k, value];
    }),
  );
}
