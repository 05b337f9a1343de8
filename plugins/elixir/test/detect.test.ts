import assert from 'node:assert/strict';
import type { DetectResult } from '@dockstack/plugin-api';
import { memoryView } from '@dockstack/testing';
import { detect } from '../src/detect.js';
import { parseMixExs, toolVersions } from '../src/mix-exs.js';

async function run(files: Record<string, string>): Promise<DetectResult> {
  const result = await detect(memoryView(files));
  assert.ok(result, 'detection returned null');
  return result;
}

const PHOENIX = `defmodule Shop.MixProject do
  use Mix.Project
  def project, do: [app: :shop, version: "1.0.0", releases: [shop: [], admin: []], deps: deps()]
  defp deps do
    [
      {:phoenix, "~> 1.7"},
      # {:old, "~> 1.0"},
      {:ecto_sql, "~> 3.10"},
      {:bandit, "~> 1.0"}
    ]
  end
end
`;

describe('elixir detection', function () {
  it('finds nothing without mix.exs', async function () {
    assert.equal(await detect(memoryView({ 'lib/a.ex': 'defmodule A do end\n' })), null);
  });

  it('mix.exs: app, releases, deps (comments ignored), source_url, licenses', function () {
    const m = parseMixExs(PHOENIX);
    assert.equal(m.app, 'shop');
    assert.deepEqual(m.releases, ['shop', 'admin']);
    assert.deepEqual(m.deps, ['phoenix', 'ecto_sql', 'bandit']);
    assert.deepEqual(parseMixExs('[app: :x, licenses: ["MIT"], source_url: "https://e.org/x", deps: []]').licenses, ['MIT']);
  });

  it('.tool-versions: elixir with an -otp suffix, erlang wins for the OTP major', function () {
    assert.deepEqual(toolVersions('elixir 1.17.3-otp-26\n'), { elixir: '1.17.3', otp: '26' });
    assert.deepEqual(toolVersions('erlang 27.3.4\nelixir 1.18.3-otp-26\n'), { elixir: '1.18.3', otp: '27' });
  });

  it('Phoenix with Ecto: a server, dependencies, several releases, notes for assets, migrations and a missing mix.lock', async function () {
    const r = await run({ 'mix.exs': PHOENIX });
    assert.equal(r.options['server'], true);
    assert.equal(r.options['hexDependencies'], true);
    assert.equal(r.options['releaseName'], 'shop');
    assert.equal(r.options['releasesConfigured'], true);
    const notes = (r.notes ?? []).join('\n');
    for (const re of [/assets\.deploy/, /Release\.migrate/, /no mix\.lock/, /releases shop, admin/]) assert.match(notes, re);
  });

  it('a job: no listener, no dependencies, the default release', async function () {
    const r = await run({
      'mix.exs': 'defmodule J.MixProject do\n  def project, do: [app: :job, deps: []]\nend\n',
      'lib/job.ex': 'IO.puts("done")\n',
    });
    assert.equal(r.options['server'], false);
    assert.equal(r.options['hexDependencies'], false);
    assert.equal(r.options['releasesConfigured'], false);
    assert.equal(r.options['releaseName'], 'job');
  });
});
