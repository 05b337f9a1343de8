import assert from 'node:assert/strict';
import type { DetectResult } from '@dockstack/plugin-api';
import { detect } from '../dist/detect.js';
import { parseGemfile } from '../dist/gemfile.js';
import { closure, parseLockfile } from '../dist/lockfile.js';
import { fromRequirements, fromVersionFile } from '../dist/ruby-version.js';
import { memoryView as memoryProject } from '@dockstack/testing';

async function run(files: Record<string, string>): Promise<DetectResult> {
  const result = await detect(memoryProject(files));
  assert.ok(result, 'detected');
  return result;
}

const hasNote = (r: DetectResult, re: RegExp): boolean => (r.notes ?? []).some((n) => re.test(n));

/** A Gemfile.lock with the given specs (`name (version)` lines, deps indented under them). */
function lock(specs: string, deps: string[], platforms = ['ruby', 'x86_64-linux']): string {
  return `GEM\n  remote: https://rubygems.org/\n  specs:\n${specs}\nPLATFORMS\n${platforms.map((p) => `  ${p}`).join('\n')}\n\nDEPENDENCIES\n${deps.map((d) => `  ${d}`).join('\n')}\n\nBUNDLED WITH\n   2.6.9\n`;
}

describe('ruby detector', function () {
  it('claims nothing without Ruby files', async function () {
    assert.equal(await detect(memoryProject({ 'package.json': '{}', 'index.js': '' })), null);
  });

  describe('Gemfile reader', function () {
    it('reads groups from blocks and options, path and git gems, the ruby directive, gemspec and private sources', function () {
      const g = parseGemfile(
        [
          'source "https://rubygems.org"',
          'ruby file: ".ruby-version"',
          'gemspec path: "engine"',
          'gem "rails", "~> 8.0" # the framework',
          'gem "rspec-rails", group: [:development, :test]',
          'gem "local_tool", path: "./vendor/local_tool"',
          'gem "forked", github: "acme/forked", branch: "main"',
          'source "https://gems.example.com" do',
          '  gem "private_gem"',
          'end',
          'group :development do',
          '  platforms :mri do',
          '    gem "byebug"',
          '  end',
          'end',
          'eval_gemfile "Gemfile.local"',
        ].join('\n'),
      );
      assert.deepEqual(g.ruby, { requirements: [], file: '.ruby-version' });
      assert.deepEqual(g.gemspecs, ['engine']);
      assert.deepEqual(g.privateSources, ['https://gems.example.com']);
      const by = new Map(g.gems.map((x) => [x.name, x]));
      assert.deepEqual(by.get('rails')?.groups, []);
      assert.deepEqual(by.get('rspec-rails')?.groups, ['development', 'test']);
      assert.deepEqual(by.get('byebug')?.groups, ['development']);
      assert.equal(by.get('local_tool')?.path, './vendor/local_tool');
      assert.equal(by.get('forked')?.git, true);
      assert.deepEqual(by.get('private_gem')?.groups, []);
      assert.equal(g.unread.length, 1);
    });
  });

  describe('Gemfile.lock reader', function () {
    it('keeps platform variants, dependencies, PATH and GIT sources, and computes closures', function () {
      const l = parseLockfile(
        [
          'GIT',
          '  remote: https://github.com/acme/forked.git',
          '  revision: 0123456789abcdef',
          '  specs:',
          '    forked (1.0.0)',
          '',
          'PATH',
          '  remote: vendor/local_tool',
          '  specs:',
          '    local_tool (0.1.0)',
          '      rack (>= 2)',
          '',
          'GEM',
          '  remote: https://rubygems.org/',
          '  specs:',
          '    nokogiri (1.18.10-x86_64-linux-gnu)',
          '      racc (~> 1.4)',
          '    nokogiri (1.18.10-arm64-darwin)',
          '      racc (~> 1.4)',
          '    racc (1.8.1)',
          '    rack (3.2.1)',
          '',
          'PLATFORMS',
          '  arm64-darwin',
          '  x86_64-linux',
          '',
          'DEPENDENCIES',
          '  forked!',
          '  local_tool!',
          '  nokogiri',
          '',
          'RUBY VERSION',
          '   ruby 3.4.7p58',
          '',
          'BUNDLED WITH',
          '   2.6.9',
        ].join('\n'),
      );
      assert.deepEqual([...(l.gems.get('nokogiri')?.platforms ?? [])], ['x86_64-linux-gnu', 'arm64-darwin']);
      assert.equal(l.gems.get('nokogiri')?.version, '1.18.10');
      assert.equal(l.gems.get('local_tool')?.source, 'PATH');
      assert.deepEqual(l.paths, ['vendor/local_tool']);
      assert.deepEqual(l.gitRemotes, ['https://github.com/acme/forked.git']);
      assert.deepEqual(l.dependencies, ['forked', 'local_tool', 'nokogiri']);
      assert.equal(l.rubyVersion, '3.4.7');
      assert.equal(l.bundledWith, '2.6.9');
      assert.deepEqual([...closure(l, ['local_tool', 'nokogiri'])].sort(), ['local_tool', 'nokogiri', 'racc', 'rack']);
    });
  });

  describe('Ruby version', function () {
    it('keeps an exact Gemfile pin exact, resolves ranges to a line, and follows lines for version files', function () {
      assert.equal(fromRequirements(['3.3.5'])?.version, '3.3.5');
      assert.equal(fromRequirements(['3.3.5'])?.enforced, true);
      assert.equal(fromRequirements(['~> 3.2.0'])?.version, '3.2');
      assert.equal(fromRequirements(['~> 3.3'])?.version, '3.4');
      assert.equal(fromRequirements(['>= 3.1', '< 3.4'])?.version, '3.3');
      assert.equal(fromRequirements(['>= 3.5'])?.version, '4.0');
      assert.equal(fromRequirements(['< 2.0']), undefined);
      assert.equal(fromVersionFile('ruby-3.1.4\n', '.ruby-version')?.version, '3.1');
      assert.match(fromVersionFile('3.1.4', '.ruby-version')?.notes[0] ?? '', /end of life/);
      assert.equal(fromVersionFile('jruby-9.4.8.0', '.ruby-version'), undefined);
    });

    it("pins the Gemfile's exact version on bookworm, reads `ruby file:`, and reports unusable version files", async function () {
      const exact = await run({ Gemfile: 'source "https://rubygems.org"\nruby "3.3.5"\n', 'app.rb': 'puts 1\n' });
      assert.equal(exact.options['rubyVersion'], '3.3.5');
      assert.equal(exact.options['debianRelease'], 'bookworm');
      const file = await run({ Gemfile: 'ruby file: ".ruby-version"\n', '.ruby-version': '3.4.2\n', 'app.rb': 'puts 1\n' });
      assert.equal(file.options['rubyVersion'], '3.4.2');
      const jruby = await run({ Gemfile: 'source "https://rubygems.org"\n', '.ruby-version': 'jruby-9.4\n', 'app.rb': 'puts 1\n' });
      assert.equal(jruby.options['rubyVersion'], undefined);
      assert.ok(hasNote(jruby, /does not name a CRuby version/));
      const old = await run({ '.ruby-version': '3.1.6', 'app.rb': 'puts 1\n' });
      assert.equal(old.options['debianRelease'], 'bookworm');
      assert.ok(hasNote(old, /end of life/));
    });
  });

  describe('native gems', function () {
    it('compiles only production gems without a Linux build, adding headers and runtime libraries', async function () {
      const r = await run({
        Gemfile: 'source "https://rubygems.org"\ngem "pg"\ngem "nokogiri"\ngroup :development do\n  gem "debug"\nend\n',
        'Gemfile.lock': lock('    debug (1.11.0)\n    nokogiri (1.18.10-x86_64-linux-gnu)\n    pg (1.5.9)\n', ['debug', 'nokogiri', 'pg']),
        'app.rb': 'puts 1\n',
      });
      assert.deepEqual(r.options['buildPackages'], ['build-essential', 'pkg-config', 'libpq-dev']);
      assert.deepEqual(r.options['runtimePackages'], ['libpq5']);
      assert.match(r.why?.['buildPackages'] ?? '', /^pg compile/);
    });

    it('needs no compiler when every native gem is precompiled or development-only, and git for git gems', async function () {
      const r = await run({
        Gemfile: 'gem "sqlite3"\ngem "forked", git: "https://github.com/acme/forked.git"\ngroup :test do\n  gem "byebug"\nend\n',
        'Gemfile.lock': `GIT\n  remote: https://github.com/acme/forked.git\n  revision: abc\n  specs:\n    forked (1.0.0)\n\n${lock('    byebug (12.0.0)\n    sqlite3 (2.7.4-x86_64-linux-gnu)\n    sqlite3 (2.7.4-aarch64-linux-gnu)\n', ['byebug', 'forked!', 'sqlite3'])}`,
        'app.rb': 'puts 1\n',
      });
      assert.deepEqual(r.options['buildPackages'], ['git']);
      assert.equal(r.options['runtimePackages'], undefined);
    });
  });

  describe('lockfiles and local gems', function () {
    it('resolves at build time without Gemfile.lock, and warns about a lockfile without Linux platforms', async function () {
      const none = await run({ Gemfile: 'gem "rack"\n', 'config.ru': 'run ->(_) { [200, {}, ["ok"]] }\n' });
      assert.equal(none.options['lockfile'], false);
      const mac = await run({
        Gemfile: 'gem "rack"\n',
        'Gemfile.lock': lock('    rack (3.2.1)\n', ['rack'], ['arm64-darwin-24']),
        'config.ru': 'run App\n',
      });
      assert.ok(hasNote(mac, /bundle lock --add-platform x86_64-linux/));
    });

    it('copies path gems before the install, the whole project for a gemspec, and refuses paths outside', async function () {
      const paths = await run({ Gemfile: 'gem "a", path: "gems/a"\ngem "b", path: "../shared/b"\n', 'app.rb': 'puts 1\n' });
      assert.deepEqual(paths.options['localGems'], ['gems/a']);
      assert.ok(hasNote(paths, /outside the project/));
      const gemspec = await run({
        Gemfile: 'source "https://rubygems.org"\ngemspec\n',
        'tool.gemspec':
          'Gem::Specification.new do |s|\n  s.name = "tool"\n  s.license = "MIT"\n  s.homepage = "https://github.com/acme/tool"\nend\n',
        'exe.rb': 'puts 1\n',
      });
      assert.deepEqual(gemspec.options['localGems'], ['.']);
      assert.equal(gemspec.options['appName'], 'tool');
      assert.equal(gemspec.options['license'], 'MIT');
      assert.equal(gemspec.options['sourceUrl'], 'https://github.com/acme/tool');
    });

    it('mounts Bundler credentials as a secret for private gem sources', async function () {
      const r = await run({
        Gemfile: 'source "https://rubygems.org"\nsource "https://enterprise.contribsys.com/" do\n  gem "sidekiq-pro"\nend\n',
        'worker.rb': 'puts 1\n',
      });
      assert.equal(r.options['gemSourceSecret'], true);
    });
  });

  describe('frameworks and commands', function () {
    const rails = (railties: string, extra: Record<string, string> = {}): Record<string, string> => ({
      Gemfile: 'gem "rails"\ngem "propshaft"\n',
      'Gemfile.lock': lock(`    propshaft (1.3.1)\n    rails (${railties})\n      railties (= ${railties})\n    railties (${railties})\n`, [
        'propshaft',
        'rails',
      ]),
      'config/application.rb': 'module ShopApi\n  class Application < Rails::Application\n  end\nend\n',
      'config/routes.rb': 'Rails.application.routes.draw do\n  get "healthz" => "rails/health#show"\nend\n',
      ...extra,
    });

    it('Rails: app name, health route, assets, SECRET_KEY_BASE_DUMMY from 7.1, API-only apps skip assets', async function () {
      const r = await run(rails('8.0.3'));
      assert.equal(r.options['framework'], 'rails');
      assert.ok(r.confidence > 0.95, 'outranks the node stack on apps with a package.json');
      assert.equal(r.options['appName'], 'shop_api');
      assert.equal(r.options['healthcheckPath'], '/healthz');
      assert.equal(r.options['precompileAssets'], true);
      assert.equal(r.options['secretKeyBaseDummy'], undefined);
      const old = await run(rails('7.0.8.7'));
      assert.equal(old.options['secretKeyBaseDummy'], false);
      const api = await run(
        rails('8.0.3', {
          'config/application.rb': 'module Api\n  class Application < Rails::Application\n    config.api_only = true\n  end\nend\n',
        }),
      );
      assert.equal(api.options['precompileAssets'], undefined);
    });

    it('Rails: Sidekiq, or Solid Queue outside Puma, runs from the same image as a process of its own', async function () {
      const sidekiq = await run({
        ...rails('8.0.3'),
        Gemfile: 'gem "rails"\ngem "sidekiq"\n',
        'Gemfile.lock': lock('    rails (8.0.3)\n      railties (= 8.0.3)\n    railties (8.0.3)\n    sidekiq (8.0.4)\n', [
          'rails',
          'sidekiq',
        ]),
      });
      assert.deepEqual(
        sidekiq.processes?.map((p) => `${p.name}: ${p.command}`),
        ['worker: bundle exec sidekiq -t 8'],
      );
      const solid = (extra: Record<string, string>): Record<string, string> => ({
        ...rails('8.0.3'),
        Gemfile: 'gem "rails"\ngem "solid_queue"\n',
        'Gemfile.lock': lock('    rails (8.0.3)\n      railties (= 8.0.3)\n    railties (8.0.3)\n    solid_queue (1.2.1)\n', [
          'rails',
          'solid_queue',
        ]),
        'bin/jobs': '#!/usr/bin/env ruby\n',
        ...extra,
      });
      assert.deepEqual(
        (await run(solid({}))).processes?.map((p) => `${p.name}: ${p.command}`),
        ['jobs: ./bin/jobs'],
      );
      assert.equal((await run(solid({ 'config/puma.rb': 'plugin :solid_queue if ENV["SOLID_QUEUE_IN_PUMA"]\n' }))).processes, undefined);
      assert.equal((await run(rails('8.0.3'))).processes, undefined, 'no job backend: no process');
    });

    it('Sidekiq outside Rails: -r names the file that defines the jobs, -t fits the stop grace, unless config/sidekiq.yml says', async function () {
      const app = (extra: Record<string, string>): Record<string, string> => ({
        Gemfile: 'gem "puma"\ngem "sidekiq"\ngem "sinatra"\n',
        'Gemfile.lock': lock('    puma (6.6.0)\n    sidekiq (7.3.2)\n    sinatra (4.1.1)\n', ['puma', 'sidekiq', 'sinatra']),
        'config.ru': 'require_relative "app"\nrun App\n',
        'app.rb': 'require "sinatra/base"\nrequire_relative "lib/jobs/mail_job"\nclass App < Sinatra::Base; end\n',
        ...extra,
      });
      const processes = (r: DetectResult): string[] | undefined => r.processes?.map((p) => `${p.name}: ${p.command}`);
      const job = 'require "sidekiq"\nclass MailJob\n  include Sidekiq::Job\n  def perform; end\nend\n';
      const found = await run(app({ 'lib/jobs/mail_job.rb': job }));
      assert.deepEqual(processes(found), ['worker: bundle exec sidekiq -r ./lib/jobs/mail_job.rb -t 8']);
      assert.ok(hasNote(found, /runs from the same image \(`docker run IMAGE bundle exec sidekiq -r/));
      // A root file before a folder's; both named in a note (-r takes one file).
      const two = await run(app({ 'jobs.rb': job.replace('MailJob', 'SmsJob'), 'lib/jobs/mail_job.rb': job }));
      assert.deepEqual(processes(two), ['worker: bundle exec sidekiq -r ./jobs.rb -t 8']);
      assert.ok(hasNote(two, /jobs are defined in jobs\.rb, lib\/jobs\/mail_job\.rb/));
      assert.deepEqual(
        processes(await run(app({ 'lib/jobs/mail_job.rb': job, 'config/sidekiq.yml': ':require: ./lib/jobs/mail_job.rb\n:timeout: 5\n' }))),
        ['worker: bundle exec sidekiq'],
        "Sidekiq reads config/sidekiq.yml's require and timeout itself",
      );
      const none = await run(app({}));
      assert.equal(none.processes, undefined, 'no job class: no command that would exit asking for -r');
      assert.ok(hasNote(none, /no file includes Sidekiq::Job/));
    });

    it('Rails: never copies the master key, and says so', async function () {
      const r = await run(rails('8.0.3', { 'config/master.key': 'abc' }));
      assert.ok(hasNote(r, /master\.key is never copied/));
    });

    it("Rack apps run the bundle's server: Puma by default, Falcon and others by command, a note without one", async function () {
      const falcon = await run({
        Gemfile: 'gem "roda"\ngem "falcon"\n',
        'Gemfile.lock': lock('    falcon (0.51.0)\n    roda (3.96.0)\n', ['falcon', 'roda']),
        'config.ru': 'run App.freeze.app\n',
      });
      assert.equal(falcon.options['framework'], 'rack');
      assert.equal(falcon.options['startCommand'], 'bundle exec falcon serve --bind http://0.0.0.0:3000');
      const bare = await run({ Gemfile: 'gem "roda"\n', 'Gemfile.lock': lock('    roda (3.96.0)\n', ['roda']), 'config.ru': 'run App\n' });
      assert.ok(hasNote(bare, /no app server/));
      assert.equal(bare.options['startCommand'], undefined);
    });

    it('scripts: a server by its socket code and PORT default, a worker otherwise; Procfile web wins when it is exec-safe', async function () {
      const server = await run({ 'server.rb': 'require "socket"\nserver = TCPServer.new(ENV.fetch("PORT", 8080))\n' });
      assert.equal(server.options['bundler'], false);
      assert.equal(server.options['startCommand'], 'ruby server.rb');
      assert.equal(server.options['port'], 8080);
      assert.equal(server.options['server'], undefined);
      const job = await run({ Gemfile: 'gem "csv"\n', 'main.rb': 'puts "done"\n' });
      assert.equal(job.options['server'], false);
      assert.equal(job.options['startCommand'], 'bundle exec ruby main.rb');
      const proc = await run({ Gemfile: 'gem "puma"\n', Procfile: 'web: bundle exec puma -C config/puma.rb\n', 'app.rb': 'puts 1\n' });
      assert.equal(proc.options['startCommand'], 'bundle exec puma -C config/puma.rb');
      const shell = await run({ Gemfile: 'gem "puma"\n', Procfile: 'web: bundle exec puma -p $PORT\n', 'app.rb': 'puts 1\n' });
      assert.ok(hasNote(shell, /shell syntax/));
    });
  });
});
