import assert from 'node:assert/strict';
import path from 'node:path';
import { defaultsOf, loadStack, render, type LoadedStack } from '@dockstack/core';

const meta = { generatorVersion: '0.0.0-test', regenerate: 'dockstack add php --force' };
let stack: LoadedStack;

function files(options: Record<string, unknown>): { dockerfile: string; ignore: string } {
  const out = render(stack, { ...defaultsOf(stack.schema), ...options }, meta);
  return {
    dockerfile: out.find((f) => f.path === 'Dockerfile')?.content ?? '',
    ignore: out.find((f) => f.path === '.dockerignore')?.content ?? '',
  };
}

function stage(dockerfile: string, name: string): string {
  const start = dockerfile.indexOf(` AS ${name}\n`);
  assert.ok(start >= 0, `stage ${name} exists`);
  const next = dockerfile.indexOf('\nFROM ', start);
  return dockerfile.slice(start, next === -1 ? undefined : next);
}

/** dockerignore semantics for the patterns the template writes: `*`, prefix folders. */
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

describe('php templates', function () {
  before(async function () {
    stack = await loadStack(path.resolve(import.meta.dirname, '..'));
  });

  it('each runtime gets its image, command, port, stop signal and health probe', function () {
    const apache = files({ runtime: 'apache' }).dockerfile;
    assert.match(apache, /php:\$\{PHP_VERSION\}-apache-trixie/);
    assert.match(apache, /STOPSIGNAL SIGWINCH\n/);
    assert.match(apache, /ENV PORT=8080/);
    assert.match(apache, /CMD \["apache2-foreground"\]/);
    const fpm = files({ runtime: 'fpm', port: 8081 }).dockerfile;
    assert.match(fpm, /php:\$\{PHP_VERSION\}-fpm-trixie/);
    assert.match(fpm, /STOPSIGNAL SIGQUIT\n/);
    assert.match(fpm, /EXPOSE 9000\n/);
    assert.match(fpm, /fsockopen/);
    assert.match(fpm, /clear_env = no/);
    const franken = files({ runtime: 'frankenphp', documentRoot: 'public' }).dockerfile;
    assert.match(franken, /dunglas\/frankenphp:1-php\$\{PHP_VERSION\}-trixie/);
    assert.ok(!franken.includes('STOPSIGNAL'));
    assert.match(
      franken,
      /ENV PORT=8080[\s\S]*CMD \["sh", "-c", "exec frankenphp php-server --listen \\":\$\{PORT:-8080\}\\" --root \/app\/public"\]/,
    );
    assert.match(stage(franken, 'runtime'), /chown -R 33:33 \/data\/caddy \/config\/caddy/);
    const cli = files({ runtime: 'cli', startCommand: 'php artisan queue:work' }).dockerfile;
    assert.ok(!/EXPOSE|HEALTHCHECK|STOPSIGNAL|ENV PORT/.test(cli));
    assert.match(cli, /ENTRYPOINT \["\/usr\/bin\/tini", "--"\]\nCMD \["php", "artisan", "queue:work"\]/);
    const cliServer = files({ runtime: 'cli', server: true, port: 9501, startCommand: 'php server.php' }).dockerfile;
    assert.match(cliServer, /ENV PORT=9501[\s\S]*EXPOSE 9501[\s\S]*HEALTHCHECK/);
    for (const df of [apache, fpm, franken, cli]) assert.match(stage(df, 'runtime'), /USER 33:33\n/);
  });

  it('enables OPcache only where it is not built in (before PHP 8.5)', function () {
    assert.ok(!files({ phpVersion: '8.5' }).dockerfile.includes('docker-php-ext-enable opcache'));
    assert.match(files({ phpVersion: '8.4.14' }).dockerfile, /docker-php-ext-enable opcache/);
    assert.ok(!files({ phpVersion: '8.4', opcache: false }).dockerfile.includes('opcache'));
  });

  it("installs dependencies in the composer stage from bind mounts, and the runtime's PHP writes the autoloader", function () {
    const df = files({}).dockerfile;
    const deps = stage(df, 'deps');
    assert.match(deps, /--mount=type=bind,source=composer\.lock,target=composer\.lock/);
    assert.match(deps, /--mount=type=cache,target=\/tmp\/cache/);
    assert.match(deps, /composer install --no-dev .*--no-scripts --no-autoloader/);
    const build = stage(df, 'build');
    assert.ok(build.indexOf('--from=deps /app/vendor') < build.indexOf('COPY . .'));
    assert.match(build, /--mount=type=bind,from=deps,source=\/usr\/bin\/composer,target=\/usr\/local\/bin\/composer/);
    assert.match(build, /composer dump-autoload --no-dev --optimize[\s\S]*composer check-platform-reqs --no-dev/);
    assert.ok(!stage(df, 'runtime').includes('composer'), 'Composer never reaches the runtime');
    const none = files({ composer: false }).dockerfile;
    assert.ok(!/composer|COMPOSER|AS deps/.test(none.replace(/^#.*$/gm, '')));
  });

  it('compiles extensions in the base stage and purges their headers in the same RUN', function () {
    const df = files({ phpExtensions: ['gd', 'intl', 'redis', 'bcmath'] }).dockerfile;
    const base = stage(df, 'base');
    assert.match(base, /SHELL \["\/bin\/bash", "-o", "pipefail", "-c"\]/);
    assert.match(base, /apt-get install -y --no-install-recommends libfreetype-dev libjpeg62-turbo-dev libpng-dev libwebp-dev libicu-dev/);
    assert.match(base, /docker-php-ext-configure gd --with-freetype --with-jpeg --with-webp/);
    assert.match(base, /docker-php-ext-install -j"\$\(nproc\)" gd intl bcmath/);
    assert.match(base, /ARG REDIS_VERSION\n[\s\S]*pecl install redis-"\$\{REDIS_VERSION\}"/);
    assert.match(base, /apt-get purge -y --auto-remove/);
    assert.match(df, /^ARG REDIS_VERSION=\d/m);
    const noDev = stage(files({ phpExtensions: ['bcmath', 'pcntl'] }).dockerfile, 'base');
    assert.ok(!noDev.includes('apt-get'), 'no headers needed, no apt');
  });

  it('Laravel: writable storage, caches at start or at build, never both', function () {
    const start = files({ framework: 'laravel', documentRoot: 'public' }).dockerfile;
    assert.match(stage(start, 'build'), /chown -R 33:33 storage bootstrap\/cache/);
    assert.match(stage(start, 'runtime'), /php artisan optimize/);
    assert.match(start, /ENTRYPOINT \["\/usr\/local\/bin\/docker-laravel-entrypoint"\]/);
    assert.match(start, /DocumentRoot \/var\/www\/html\/public/);
    const build = files({ framework: 'laravel', laravelOptimize: 'build' }).dockerfile;
    assert.match(stage(build, 'build'), /php artisan route:cache[\s\S]*view:cache[\s\S]*event:cache/);
    assert.ok(!build.includes('ENTRYPOINT') && !build.includes('artisan optimize'));
    const none = files({ framework: 'laravel', laravelOptimize: 'none' }).dockerfile;
    assert.ok(!/artisan (optimize|route:cache)/.test(none));
    const worker = files({ framework: 'laravel', runtime: 'cli', startCommand: 'php artisan queue:work' }).dockerfile;
    assert.match(worker, /ENTRYPOINT \["\/usr\/bin\/tini", "--", "\/usr\/local\/bin\/docker-laravel-entrypoint"\]/);
  });

  it('Apache keeps vendor/ and Composer files out of reach when the app folder is the web root', function () {
    assert.match(files({}).dockerfile, /<Directory \/var\/www\/html\/vendor>' ' {4}Require all denied'/);
    assert.ok(!files({ documentRoot: 'public' }).dockerfile.includes('vendor>'));
    assert.ok(!files({ composer: false }).dockerfile.includes('vendor>'));
    assert.match(files({}).dockerfile, /'KeepAlive Off'/);
  });

  it('the assets stage builds with npm ci and only its output reaches the app', function () {
    const df = files({ assets: true, assetsOutput: 'public/dist', nodeVersion: '22' }).dockerfile;
    assert.match(df, /ARG NODE_IMAGE=node:\$\{NODE_VERSION\}-trixie-slim/);
    assert.match(stage(df, 'assets'), /npm ci[\s\S]*COPY --link --from=deps \/app\/vendor vendor[\s\S]*npm run build/);
    assert.match(stage(df, 'build'), /COPY --link --from=assets \/app\/public\/dist public\/dist/);
    assert.ok(!stage(df, 'runtime').includes('node'));
  });

  it('never ignores what it copies or binds, and keeps secrets out', function () {
    const { ignore } = files({ localPackages: ['packages/a', 'vendor-local/b'], writableDirs: ['var'], assets: true });
    for (const file of [
      'composer.json',
      'composer.lock',
      'package.json',
      'package-lock.json',
      'packages/a/composer.json',
      'vendor-local/b/src/B.php',
      'public/index.php',
      'artisan',
    ])
      assert.ok(!ignored(ignore, file), file);
    for (const secret of [
      '.env',
      '.env.production',
      'auth.json',
      'server.key',
      'storage/oauth-private.key',
      'vendor/autoload.php',
      'public/build/app.js',
      'storage/logs/laravel.log',
    ])
      assert.ok(ignored(ignore, secret), secret);
    const inVendor = files({ localPackages: ['vendor/acme/patched'] }).ignore;
    assert.ok(!ignored(inVendor, 'vendor/acme/patched/src/A.php'));
  });
});
