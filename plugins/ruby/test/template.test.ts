import assert from 'node:assert/strict';
import path from 'node:path';
import { defaultsOf, loadStack, render, type LoadedStack } from '@dockstack/core';

const meta = { generatorVersion: '0.0.0-test', regenerate: 'dockstack add ruby --force' };
let stack: LoadedStack;

function files(options: Record<string, unknown>): { dockerfile: string; ignore: string } {
  const out = render(stack, { ...defaultsOf(stack.schema), ...options }, meta);
  return {
    dockerfile: out.find((f) => f.path === 'Dockerfile')?.content ?? '',
    ignore: out.find((f) => f.path === '.dockerignore')?.content ?? '',
  };
}

/** The text of one stage, from its FROM line to the next FROM. */
function stage(dockerfile: string, name: string): string {
  const start = dockerfile.indexOf(` AS ${name}\n`);
  assert.ok(start >= 0, `stage ${name} exists`);
  const next = dockerfile.indexOf('\nFROM ', start);
  return dockerfile.slice(start, next === -1 ? undefined : next);
}

/** dockerignore semantics for the patterns the template writes: `*`, `?`, prefix folders. */
function ignored(ignore: string, file: string): boolean {
  const patterns = ignore.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  const parts = file.split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  return patterns.some((pattern) => {
    const re = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')}$`,
    );
    return candidates.some((c) => re.test(c));
  });
}

describe('ruby templates', function () {
  before(async function () {
    stack = await loadStack(path.resolve(import.meta.dirname, '..'));
  });

  it('installs the gems from bind-mounted Gemfile and Gemfile.lock, with a cache mount, before the sources', function () {
    const build = stage(files({}).dockerfile, 'build');
    const install = build.indexOf('bundle install');
    assert.ok(install > 0 && install < build.indexOf('COPY . .'));
    assert.match(build, /--mount=type=bind,source=Gemfile,target=Gemfile/);
    assert.match(build, /--mount=type=bind,source=Gemfile.lock,target=Gemfile.lock/);
    assert.match(build, /--mount=type=cache,target=\/root\/\.bundle\/cache/);
  });

  it('a gemspec project copies everything before bundle install, once', function () {
    const build = stage(files({ localGems: ['.'] }).dockerfile, 'build');
    assert.equal(build.split('COPY . .').length, 2);
    assert.ok(build.indexOf('COPY . .') < build.indexOf('bundle install'));
    assert.ok(!build.includes('source=Gemfile,'));
  });

  it('without a lockfile there is no BUNDLE_DEPLOYMENT and no Gemfile.lock mount; without Bundler no bundle at all', function () {
    const unlocked = files({ lockfile: false }).dockerfile;
    assert.ok(!unlocked.includes('BUNDLE_DEPLOYMENT'));
    assert.ok(!unlocked.includes('Gemfile.lock'));
    const plain = files({ bundler: false, startCommand: 'ruby main.rb' }).dockerfile;
    assert.ok(!/bundle|BUNDLE_/.test(plain));
    assert.match(plain, /CMD \["ruby", "main\.rb"\]/);
  });

  it('keeps compilers in the build stage and secrets out of ARG and ENV', function () {
    const { dockerfile, ignore } = files({
      framework: 'rails',
      precompileAssets: true,
      buildPackages: ['build-essential', 'libpq-dev'],
      runtimePackages: ['libpq5'],
    });
    assert.ok(!stage(dockerfile, 'runtime').includes('build-essential'));
    assert.match(stage(dockerfile, 'runtime'), /libpq5/);
    assert.match(
      stage(dockerfile, 'build'),
      /RUN [^\n]*\n? *&& SECRET_KEY_BASE_DUMMY=1 \.\/bin\/rails assets:precompile|RUN SECRET_KEY_BASE_DUMMY=1 \.\/bin\/rails assets:precompile/,
    );
    assert.ok(!/^(ARG|ENV)[^\n]*SECRET/m.test(dockerfile));
    assert.match(
      files({ framework: 'rails', precompileAssets: true, secretKeyBaseDummy: false }).dockerfile,
      /SECRET_KEY_BASE=assets-precompile-only-not-a-secret \.\/bin\/rails assets:precompile/,
    );
    for (const secret of ['config/master.key', 'config/credentials/production.key', '.env', '.env.production'])
      assert.ok(ignored(ignore, secret), secret);
  });

  it('hands writable folders to 10001 in the build stage, so the runtime adds no chown layer', function () {
    const df = files({ writableDirs: ['log', 'tmp'] }).dockerfile;
    assert.match(stage(df, 'build'), /chown -R 10001:10001 log tmp/);
    assert.ok(!stage(df, 'runtime').includes('chown'));
    assert.match(stage(df, 'runtime'), /USER 10001:10001/);
  });

  it('Thruster takes the public port and Puma the next; the HEALTHCHECK asks Thruster', function () {
    const df = files({ framework: 'rails', thruster: true, port: 80 }).dockerfile;
    assert.match(df, /HTTP_PORT=80 \\\n\s+TARGET_PORT=81/);
    assert.ok(!/(^|\s)PORT=/.test(df), 'Thruster sets PORT for Puma itself');
    assert.match(df, /ENV\.fetch\(\\"HTTP_PORT\\", \\"80\\"\)/);
    assert.match(df, /CMD \["\.\/bin\/thrust", "\.\/bin\/rails", "server"\]/);
  });

  it('PID 1: tini in front of the entrypoint script and the command, or the entrypoint alone', function () {
    assert.match(
      files({ entrypoint: 'bin/docker-entrypoint' }).dockerfile,
      /ENTRYPOINT \["\/usr\/bin\/tini", "--", "\/app\/bin\/docker-entrypoint"\]/,
    );
    assert.match(files({ entrypoint: 'bin/docker-entrypoint', tini: false }).dockerfile, /ENTRYPOINT \["\/app\/bin\/docker-entrypoint"\]/);
    assert.ok(!files({ tini: false }).dockerfile.includes('ENTRYPOINT'));
  });

  it('workers get no EXPOSE or HEALTHCHECK; Rack apps run Puma on the port', function () {
    const worker = files({ server: false }).dockerfile;
    assert.ok(!/EXPOSE|HEALTHCHECK|PORT=/.test(worker));
    assert.match(
      files({ framework: 'sinatra' }).dockerfile,
      /ENV PORT=3000[\s\S]*CMD \["sh", "-c", "exec bundle exec puma --port \\"\$\{PORT:-3000\}\\""\]/,
    );
    assert.match(files({ framework: 'sinatra' }).dockerfile, /APP_ENV=production/);
  });

  it("jemalloc and libvips: installed in the runtime with the release's package names", function () {
    const trixie = stage(files({ jemalloc: true, vips: true }).dockerfile, 'runtime');
    assert.match(trixie, /libjemalloc2 libvips42t64/);
    assert.match(trixie, /LD_PRELOAD=\/usr\/local\/lib\/libjemalloc\.so/);
    assert.match(stage(files({ vips: true, debianRelease: 'bookworm' }).dockerfile, 'runtime'), /libvips42(?!t64)/);
  });

  it('never ignores what it copies: path gems and the entrypoint, wherever they live', function () {
    for (const dir of ['tmp/gems/a', 'log/tooling', 'vendor/bundle/x', 'docs/gem']) {
      const { dockerfile, ignore } = files({ localGems: [dir] });
      assert.match(dockerfile, new RegExp(`COPY --link ${dir} ${dir}`));
      assert.ok(!ignored(ignore, `${dir}/lib/a.rb`), dir);
    }
    for (const file of ['Gemfile', 'Gemfile.lock', 'app.rb', 'bin/docker-entrypoint', 'config/application.rb'])
      assert.ok(!ignored(files({}).ignore, file), file);
  });
});
