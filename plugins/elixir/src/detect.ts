// Detector of the elixir stack: a Mix project (mix.exs at the root). Reads mix.exs, .tool-versions and a
// bounded set of lib/ and config/ files; proposes the release, versions, dependencies and server facts.
import {
  defineDetector,
  findings,
  firstPort,
  propose,
  proposeLabels,
  readSources,
  result,
  type Findings,
  type ProjectView,
} from '@dockstack/plugin-api';
import { parseMixExs, toolVersions } from './mix-exs.js';

const SERVER = /:gen_tcp\.listen\b|\bPlug\.Cowboy\b|\bBandit\b|\bPhoenix\.Endpoint\b/;
const PORT = [/System\.get_env\(\s*"PORT"\s*,\s*"(\d{2,5})"\s*\)/, /System\.get_env\(\s*"PORT"\s*\)\s*\|\|\s*"?(\d{2,5})/];

/** Phoenix: the endpoint's PHX_SERVER switch, and its assets when mix.exs has the generator's `assets.deploy` alias. */
async function phoenix(p: ProjectView, mixExs: string, f: Findings): Promise<void> {
  propose(f, 'phoenix', true, 'mix.exs depends on phoenix: the release serves only with PHX_SERVER=true', {
    file: 'mix.exs',
    says: 'phoenix dependency',
  });
  const alias = /"assets\.deploy"\s*:/.test(mixExs);
  const config = (await p.exists('config/config.exs')) && (await p.exists('config/prod.exs'));
  if (alias && config)
    propose(
      f,
      'assetsDeploy',
      true,
      'mix.exs aliases assets.deploy: `mix assets.setup` in the dependency step, `mix assets.deploy` before the release',
      {
        file: 'mix.exs',
        says: 'alias "assets.deploy"',
      },
    );
  else if (alias)
    f.notes.push(
      'mix.exs aliases assets.deploy but config/config.exs or config/prod.exs is missing: the stack runs it only with both (they pin the esbuild and Tailwind versions); build the assets before `mix release` or commit priv/static',
    );
  else
    f.notes.push(
      'Phoenix without an `assets.deploy` alias: the image ships priv/static as committed (run `mix phx.digest` before the build if it serves digested assets)',
    );
  if (await p.exists('assets/package.json'))
    f.notes.push(
      'assets/package.json: npm packages are not installed by the elixir image (no Node.js); vendor them under assets/vendor as Phoenix 1.7+ does, or add a Node.js stage that runs `npm ci --prefix assets` before `mix assets.deploy`',
    );
  f.notes.push('Phoenix: set SECRET_KEY_BASE (`mix phx.gen.secret`), PHX_HOST and DATABASE_URL when running the image');
}

export const detect = defineDetector(async (p) => {
  const text = await p.readText('mix.exs');
  if (text === undefined) return null;
  const f = findings({ file: 'mix.exs', says: 'Mix project' });
  const mix = parseMixExs(text);
  if (mix.app !== undefined) propose(f, 'appName', mix.app, `mix.exs app: :${mix.app}`, { file: 'mix.exs', says: `app: :${mix.app}` });
  const release = mix.releases[0] ?? mix.app;
  const configured = mix.releases.length > 0;
  if (release !== undefined && /^[a-z][a-z0-9_]{0,63}$/.test(release))
    propose(f, 'releaseName', release, configured ? `mix.exs releases: ${release}` : `the default release is named after app: :${release}`);
  propose(
    f,
    'releasesConfigured',
    configured,
    configured ? 'mix.exs configures releases:' : 'mix.exs configures no releases: the default one',
  );
  if (mix.releases.length > 1)
    f.notes.push(`mix.exs defines releases ${mix.releases.join(', ')}: building ${release}; --set releaseName=<name> builds another`);
  await proposeLabels(p, f, {
    sourceUrl: [mix.sourceUrl, 'mix.exs source_url'],
    license: [mix.licenses.join(' OR ') || undefined, `mix.exs licenses: ${mix.licenses.join(', ')}`],
  });

  const deps = mix.deps.slice(0, 8).join(', ');
  if (mix.deps.length === 0) propose(f, 'hexDependencies', false, 'mix.exs declares no dependencies');
  else propose(f, 'hexDependencies', true, `mix.exs depends on ${deps}`, { file: 'mix.exs', says: `deps: ${deps}` });
  if (mix.deps.length > 0 && !(await p.exists('mix.lock')))
    f.notes.push('no mix.lock: run `mix deps.get` and commit mix.lock (the dependency step bind-mounts it)');
  if (mix.deps.includes('phoenix')) await phoenix(p, text, f);
  if (mix.deps.includes('ecto_sql'))
    f.notes.push(
      'Ecto: run migrations as a release command, e.g. `docker run IMAGE /app/bin/<release> eval "MyApp.Release.migrate()"` (see the README)',
    );

  const tv = toolVersions((await p.readText('.tool-versions')) ?? '');
  if (tv.elixir !== undefined)
    propose(f, 'elixirVersion', tv.elixir, `.tool-versions pins elixir ${tv.elixir}`, {
      file: '.tool-versions',
      says: `elixir ${tv.elixir}`,
    });
  if (tv.otp !== undefined)
    propose(f, 'otpVersion', tv.otp, `.tool-versions pins Erlang/OTP ${tv.otp}`, { file: '.tool-versions', says: `erlang ${tv.otp}` });

  const { files } = await readSources(p, { roots: ['config', 'lib'], files: /\.exs?$/, depth: 1, limit: 40 });
  const framework = mix.deps.some((d) => ['phoenix', 'bandit', 'plug_cowboy'].includes(d));
  const listener = files.find((s) => SERVER.test(s.text))?.path ?? (framework ? 'mix.exs' : undefined);
  if (listener === undefined)
    propose(f, 'server', false, 'no listener (:gen_tcp, Plug.Cowboy, Bandit, Phoenix) found: a run-to-completion release');
  else propose(f, 'server', true, `${listener} starts a listener`, { file: listener, says: 'listens on a socket (server)' });
  const port = listener === undefined ? undefined : firstPort(files, PORT);
  if (port !== undefined)
    propose(f, 'port', port.port, `${port.path} falls back to PORT ${port.port}`, {
      file: port.path,
      says: `PORT defaults to ${port.port}`,
    });
  return result(f, 0.9);
});
