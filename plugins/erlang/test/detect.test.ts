import assert from 'node:assert/strict';
import type { DetectResult } from '@dockstack/plugin-api';
import { memoryView } from '@dockstack/testing';
import { detect } from '../src/detect.js';
import { otpFromToolVersions, parseAppSrc, parseRebarConfig } from '../src/rebar-config.js';

async function run(files: Record<string, string>): Promise<DetectResult> {
  const result = await detect(memoryView(files));
  assert.ok(result, 'detection returned null');
  return result;
}

const COWBOY = `%% a web service
{erl_opts, [debug_info]}.
{deps, [
    {cowboy, "2.12.0"},   % the web server
    jsx,
    {recon, {git, "https://github.com/ferd/recon.git", {tag, "2.5.5"}}}
]}.
{relx, [{release, {shop, "1.0.0"}, [shop, sasl]}, {release, {'shop_admin', "1.0.0"}, [shop]}]}.
{profiles, [{test, [{deps, [meck, {proper, "1.4.0"}]}]}, {staging, []}]}.
`;

describe('erlang detection', function () {
  it('finds nothing without rebar.config', async function () {
    assert.equal(await detect(memoryView({ 'src/a.erl': '-module(a).\n' })), null);
  });

  it('rebar.config: releases, top-level deps only (profile deps and comments ignored), profiles', function () {
    const r = parseRebarConfig(COWBOY);
    assert.deepEqual(r.releases, ['shop', 'shop_admin']);
    assert.deepEqual(r.deps, ['cowboy', 'jsx', 'recon']);
    assert.deepEqual(r.profiles, ['test', 'staging']);
    assert.equal(parseRebarConfig('{minimum_otp_vsn, "26.1"}.').minimumOtp, '26');
  });

  it('.app.src: name, licenses, links; a % inside a string is not a comment', function () {
    const a = parseAppSrc(
      '{application, web, [{description, "100% erlang"}, {licenses, ["MIT"]}, {links, [{"Home", "https://e.org/web"}]}]}.',
    );
    assert.deepEqual(a, { name: 'web', licenses: ['MIT'], links: ['https://e.org/web'] });
  });

  it('.tool-versions: the OTP major of `erlang`', function () {
    assert.equal(otpFromToolVersions('rebar 3.24.0\nerlang 26.2.5\n'), '26');
    assert.equal(otpFromToolVersions('elixir 1.18.3\n'), undefined);
  });

  it('cowboy with dependencies: a server, dependencies, several releases, a missing rebar.lock, no prod profile', async function () {
    const r = await run({ 'rebar.config': COWBOY });
    assert.equal(r.options['server'], true);
    assert.equal(r.options['hexDependencies'], true);
    assert.equal(r.options['releaseName'], 'shop');
    const notes = (r.notes ?? []).join('\n');
    for (const re of [/no rebar\.lock/, /releases shop, shop_admin/, /no prod/]) assert.match(notes, re);
  });

  it('a job without relx: no listener, the .app.src name, a note that rebar3 release needs relx', async function () {
    const r = await run({
      'rebar.config': '{deps, []}.\n',
      'src/job.app.src': '{application, job, [{vsn, "1"}]}.\n',
      'src/job.erl': '-module(job).\nmain() -> io:format("done~n").\n',
    });
    assert.equal(r.options['server'], false);
    assert.equal(r.options['hexDependencies'], false);
    assert.equal(r.options['appName'], 'job');
    assert.equal(r.options['releaseName'], undefined);
    assert.match((r.notes ?? []).join('\n'), /no relx section/);
  });
});
