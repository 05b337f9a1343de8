// Detector of the erlang stack: a rebar3 project (rebar.config at the root). Reads rebar.config, the `.app.src`
// files under src/ and apps/*/src/, .tool-versions and a bounded set of sources; proposes the release, versions,
// dependencies and server facts.
import {
  LICENSE_EXPRESSION,
  SOURCE_URL,
  defineDetector,
  evidence,
  findings,
  propose,
  proposeLicenseFile,
  result,
  type DetectResult,
  type ProjectView,
} from '@dockstack/plugin-api';
import { otpFromToolVersions, parseAppSrc, parseRebarConfig, type AppSrcFacts } from './rebar-config.js';

const SERVER = /\bgen_tcp:listen\b|\bcowboy:start_(?:clear|tls)\b|\branch:start_listener\b|\belli\b|\bmochiweb_http:start\b/;
const SERVER_DEPS = ['cowboy', 'ranch', 'elli', 'mochiweb', 'nova'];
const PORT = /os:getenv\(\s*"PORT"\s*,\s*"(\d{2,5})"\s*\)/;
const CONFIG_PORT = /\{\s*port\s*,\s*(\d{2,5})\s*\}/;

const ERLANG_SOURCE = /\.(erl|app\.src)$/;

/** `.erl`/`.app.src` files of one folder and its subfolders (two levels below src/), until `out` holds 40. */
async function walk(p: ProjectView, dir: string, depth: number, out: Array<{ path: string; text: string }>): Promise<void> {
  const entries = await p.list(dir);
  for (const file of entries.filter((x) => x.kind === 'file' && ERLANG_SOURCE.test(x.name))) {
    if (out.length >= 40) return;
    const text = await p.readText(file.path);
    if (text !== undefined) out.push({ path: file.path, text });
  }
  if (depth > 0) for (const sub of entries.filter((x) => x.kind === 'dir')) await walk(p, sub.path, depth - 1, out);
}

/** The sources of src/ and of every umbrella application's apps/<app>/src/. */
async function sources(p: ProjectView): Promise<Array<{ path: string; text: string }>> {
  const out: Array<{ path: string; text: string }> = [];
  const apps = (await p.list('apps')).filter((x) => x.kind === 'dir').map((x) => `${x.path}/src`);
  for (const dir of ['src', ...apps]) await walk(p, dir, 2, out);
  return out;
}

export const detect = defineDetector(async (p) => {
  const text = await p.readText('rebar.config');
  return text === undefined ? null : detectRebar(p, text);
});

/** The findings of a rebar3 project whose rebar.config reads as `text`. */
async function detectRebar(p: ProjectView, text: string): Promise<DetectResult> {
  const f = findings({ file: 'rebar.config', says: 'rebar3 project' });
  const rebar = parseRebarConfig(text);
  const files = await sources(p);
  const appSrc = files.filter((s) => s.path.endsWith('.app.src'));
  const app: AppSrcFacts = appSrc[0] === undefined ? { licenses: [], links: [] } : parseAppSrc(appSrc[0].text);

  const release = rebar.releases[0];
  if (release !== undefined) {
    propose(f, 'releaseName', release, `rebar.config relx {release, {${release}, ...}}`);
    propose(f, 'appName', release, `the relx release ${release}`);
    evidence(f, 'rebar.config', `relx release ${release}`);
    if (rebar.releases.length > 1)
      f.notes.push(
        `rebar.config defines releases ${rebar.releases.join(', ')}: building ${release}; --set releaseName=<name> builds another`,
      );
  } else {
    if (app.name !== undefined) propose(f, 'appName', app.name, `${appSrc[0]?.path ?? 'src'} {application, ${app.name}, ...}`);
    f.notes.push('rebar.config has no relx section ({relx, [{release, {Name, Vsn}, [Apps]}]}): `rebar3 release` needs one');
  }
  if (rebar.profiles.includes('prod')) evidence(f, 'rebar.config', 'profile prod');
  else if (rebar.profiles.length > 0)
    f.notes.push(`rebar.config has profiles ${rebar.profiles.join(', ')} but no prod: --set profile=<name> builds with another`);

  const source = app.links.find((l) => SOURCE_URL.test(l));
  if (source !== undefined) propose(f, 'sourceUrl', source, `${appSrc[0]?.path ?? 'src'} links`);
  const license = app.licenses.join(' OR ');
  if (license !== '' && LICENSE_EXPRESSION.test(license))
    propose(f, 'license', license, `${appSrc[0]?.path ?? 'src'} licenses: ${app.licenses.join(', ')}`);
  else await proposeLicenseFile(p, f);

  const named = rebar.deps.slice(0, 8).join(', ');
  propose(f, 'hexDependencies', named !== '', named !== '' ? `rebar.config depends on ${named}` : 'rebar.config declares no dependencies');
  if (named !== '') evidence(f, 'rebar.config', `deps: ${named}`);
  if (named !== '' && !(await p.exists('rebar.lock')))
    f.notes.push('no rebar.lock: run `rebar3 lock` and commit rebar.lock (the dependency step bind-mounts it)');

  const tv = await p.readText('.tool-versions');
  const otp = tv === undefined ? undefined : otpFromToolVersions(tv);
  if (otp !== undefined) {
    propose(f, 'otpVersion', otp, `.tool-versions pins Erlang/OTP ${otp}`);
    evidence(f, '.tool-versions', `erlang ${otp}`);
  } else if (rebar.minimumOtp !== undefined) {
    propose(f, 'otpVersion', rebar.minimumOtp, `rebar.config minimum_otp_vsn ${rebar.minimumOtp}`);
    evidence(f, 'rebar.config', `minimum_otp_vsn ${rebar.minimumOtp}`);
  }

  const listener =
    files.find((s) => SERVER.test(s.text)) ??
    (rebar.deps.some((d) => SERVER_DEPS.includes(d)) ? { path: 'rebar.config', text } : undefined);
  if (listener !== undefined) {
    propose(f, 'server', true, `${listener.path} starts a listener`);
    evidence(f, listener.path, 'listens on a socket (server)');
    const config = await p.readText('config/sys.config');
    const candidates = [...files, ...(config === undefined ? [] : [{ path: 'config/sys.config', text: config }])];
    for (const s of candidates) {
      const m = PORT.exec(s.text) ?? (s.path.endsWith('sys.config') ? CONFIG_PORT.exec(s.text) : null);
      const port = Number(m?.[1]);
      if (m !== null && port >= 1 && port <= 65535) {
        propose(f, 'port', port, `${s.path} ${m[0].startsWith('os:') ? 'falls back to PORT' : 'configures port'} ${port}`);
        evidence(f, s.path, `port ${port}`);
        break;
      }
    }
  } else propose(f, 'server', false, 'no listener (gen_tcp, cowboy, ranch, elli, mochiweb) found: a run-to-completion release');
  return result(f, 0.9);
}
