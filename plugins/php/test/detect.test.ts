import assert from 'node:assert/strict';
import type { DetectResult } from '@dockstack/plugin-api';
import { detect } from '../dist/detect.js';
import { planExtensions } from '../dist/extensions.js';
import { fromConstraint, fromVersion } from '../dist/php-version.js';
import { memoryView as memoryProject } from '@dockstack/testing';

async function run(files: Record<string, string>): Promise<DetectResult> {
  const result = await detect(memoryProject(files));
  assert.ok(result, 'detected');
  return result;
}

const hasNote = (r: DetectResult, re: RegExp): boolean => (r.notes ?? []).some((n) => re.test(n));
const composer = (json: Record<string, unknown>): string => JSON.stringify({ name: 'acme/app', ...json });
const lock = (packages: Array<Record<string, unknown>>): string => JSON.stringify({ packages, 'packages-dev': [] });

describe('php detector', function () {
  it('claims nothing without PHP files or composer.json', async function () {
    assert.equal(await detect(memoryProject({ 'package.json': '{}', 'index.js': '' })), null);
  });

  describe('PHP version', function () {
    it('resolves Composer constraints to the default line when admitted, else the nearest admitted line', function () {
      const cases: Array<[string, string | undefined]> = [
        ['^8.2', '8.5'],
        ['>=8.1 <8.4', '8.3'],
        ['>=8.1,<8.4', '8.3'],
        ['~8.2.0', '8.2'],
        ['~8.3', '8.5'],
        ['8.2.*', '8.2'],
        ['^7.4 || ^8.0', '8.5'],
        ['^7.4|^8.0', '8.5'],
        ['8.1 - 8.3', '8.3'],
        ['7.4.*', '7.4'],
        ['>=9', undefined],
      ];
      for (const [constraint, line] of cases) assert.equal(fromConstraint(constraint)?.version, line, constraint);
      assert.match(fromConstraint('7.4.*')?.notes[0] ?? '', /end of life/);
      assert.equal(fromVersion('8.3.14', 'x')?.version, '8.3');
      assert.equal(fromVersion('latest', 'x'), undefined);
    });

    it('.php-version beats config.platform.php, which beats require.php; old lines move to bookworm', async function () {
      const files = {
        'composer.json': composer({ require: { php: '^8.1' }, config: { platform: { php: '8.2.20' } } }),
        'index.php': '<?php',
      };
      assert.equal((await run(files)).options['phpVersion'], '8.2');
      assert.equal((await run({ ...files, '.php-version': '8.4\n' })).options['phpVersion'], '8.4');
      const old = await run({ 'composer.json': composer({ require: { php: '~8.0.0' } }), 'index.php': '<?php' });
      assert.equal(old.options['debianRelease'], 'bookworm');
      assert.ok(hasNote(old, /end of life/));
      assert.ok(hasNote(old, /FrankenPHP images start at 8\.2/));
    });
  });

  describe('extensions', function () {
    it('keeps installable ones, drops what the official images have, and reports the rest', function () {
      assert.deepEqual(planExtensions(['mbstring', 'pdo_mysql', 'gd', 'Zend-OPcache', 'mongodb', 'intl', 'json']), {
        install: ['gd', 'intl', 'pdo_mysql'],
        unknown: ['mongodb'],
      });
    });

    it('collects ext-* from composer.json and the locked production packages', async function () {
      const r = await run({
        'composer.json': composer({ require: { php: '^8.3', 'ext-intl': '*', 'ext-mongodb': '*' } }),
        'composer.lock': lock([
          { name: 'laravel/horizon', require: { 'ext-pcntl': '*', 'ext-posix': '*' } },
          { name: 'league/flysystem', require: { 'ext-fileinfo': '*' } },
        ]),
        'public/index.php': '<?php',
      });
      assert.deepEqual(r.options['phpExtensions'], ['intl', 'pcntl']);
      assert.match(r.why?.['phpExtensions'] ?? '', /pcntl \(laravel\/horizon\)/);
      assert.ok(hasNote(r, /mongodb are required but not installed/));
    });
  });

  describe('Laravel', function () {
    const laravel = (env: string, packages: Array<Record<string, unknown>> = []): Record<string, string> => ({
      'composer.json': composer({ require: { php: '^8.2', 'laravel/framework': '^12.0' } }),
      'composer.lock': lock([{ name: 'laravel/framework' }, ...packages]),
      artisan: '#!/usr/bin/env php',
      'public/index.php': '<?php',
      'bootstrap/app.php':
        "<?php\nreturn Application::configure(basePath: dirname(__DIR__))->withRouting(web: __DIR__.'/../routes/web.php', health: '/status')->create();\n",
      '.env.example': env,
    });

    it('serves public/, takes the health route, and derives database and Redis drivers from .env.example', async function () {
      const r = await run(laravel('DB_CONNECTION=pgsql\nCACHE_STORE=redis\n'));
      assert.equal(r.options['framework'], 'laravel');
      assert.equal(r.options['documentRoot'], 'public');
      assert.equal(r.options['healthcheckPath'], '/status');
      assert.deepEqual(r.options['phpExtensions'], ['pdo_pgsql', 'redis']);
      assert.ok(hasNote(r, /migrations are not run/));
    });

    it('runs the queue worker and the scheduler from the same image when the app queues or schedules', async function () {
      const both = await run({
        ...laravel('QUEUE_CONNECTION=database\n'),
        'routes/console.php': "<?php\nuse Illuminate\\Support\\Facades\\Schedule;\nSchedule::command('bookings:expire')->hourly();\n",
      });
      assert.deepEqual(
        both.processes?.map((p) => `${p.name}: ${p.command}`),
        ['queue: php artisan queue:work --tries=3 --max-time=3600', 'scheduler: php artisan schedule:work'],
      );
      assert.equal((await run(laravel('QUEUE_CONNECTION=sync\n'))).processes, undefined, 'sync queue, nothing scheduled: no process');
      const stockKernel = await run({
        ...laravel('QUEUE_CONNECTION=sync\n'),
        'app/Console/Kernel.php':
          "<?php\nclass Kernel extends ConsoleKernel\n{\n    protected function schedule(Schedule $schedule): void\n    {\n        // $schedule->command('inspire')->hourly();\n        /* $schedule->command('backup')->daily(); */\n    }\n}\n",
      });
      assert.equal(stockKernel.processes, undefined, "Laravel 10's stock Kernel: the commented-out schedule is no scheduler");
      const horizon = await run(laravel('QUEUE_CONNECTION=redis\n', [{ name: 'laravel/horizon' }]));
      assert.deepEqual(
        horizon.processes?.map((p) => p.command),
        ['php artisan horizon'],
      );
    });

    it("outranks the node stack's claim on the same project (Vite in package.json)", async function () {
      assert.ok((await run(laravel('DB_CONNECTION=sqlite\n'))).confidence > 0.95);
    });

    it('needs no phpredis with predis, and nothing for SQLite', async function () {
      const r = await run(laravel('DB_CONNECTION=sqlite\nQUEUE_CONNECTION=redis\n', [{ name: 'predis/predis' }]));
      assert.equal(r.options['phpExtensions'], undefined);
    });
  });

  describe('front-end', function () {
    it('builds with npm from package-lock.json, Node from .nvmrc, output from the Vite config', async function () {
      const r = await run({
        'composer.json': composer({}),
        'public/index.php': '<?php',
        'package.json': JSON.stringify({ scripts: { build: 'vite build' } }),
        'package-lock.json': '{}',
        '.nvmrc': 'v22.11.0\n',
        'vite.config.ts': "export default defineConfig({ build: { outDir: './public/dist' } });\n",
      });
      assert.equal(r.options['assets'], true);
      assert.equal(r.options['nodeVersion'], '22');
      assert.equal(r.options['assetsOutput'], 'public/dist');
    });

    it('leaves the front-end alone with another lockfile, and says so', async function () {
      const r = await run({
        'composer.json': composer({}),
        'public/index.php': '<?php',
        'package.json': JSON.stringify({ scripts: { build: 'vite build' } }),
        'yarn.lock': '',
      });
      assert.equal(r.options['assets'], undefined);
      assert.ok(hasNote(r, /yarn\.lock instead of package-lock\.json/));
    });
  });

  describe('Composer', function () {
    it('resolves at build time without composer.lock; plain PHP files need no Composer', async function () {
      assert.equal((await run({ 'composer.json': composer({}), 'index.php': '<?php' })).options['lockfile'], false);
      const plain = await run({ 'index.php': '<?php echo 1;' });
      assert.equal(plain.options['composer'], false);
      assert.equal(plain.options['runtime'], undefined);
    });

    it('copies path repositories (globs cut at the wildcard) and refuses ones outside the project', async function () {
      const r = await run({
        'composer.json': composer({
          repositories: [
            { type: 'path', url: './packages/*' },
            { type: 'path', url: '../shared/lib' },
            { type: 'vcs', url: 'https://git.example.com/acme/private.git' },
          ],
        }),
        'composer.lock': lock([]),
        'index.php': '<?php',
      });
      assert.deepEqual(r.options['localPackages'], ['packages']);
      assert.ok(hasNote(r, /outside the project/));
      assert.equal(r.options['authSecret'], true);
    });

    it('takes name, license and source for the labels, but not a proprietary license', async function () {
      const r = await run({
        'composer.json': composer({ license: 'proprietary', support: { source: 'https://github.com/acme/app' } }),
        'index.php': '<?php',
      });
      assert.equal(r.options['appName'], 'acme/app');
      assert.equal(r.options['license'], undefined);
      assert.equal(r.options['sourceUrl'], 'https://github.com/acme/app');
    });
  });

  describe('CLI apps', function () {
    it('runs a script without index.php on the CLI; a socket server gets its PORT default', async function () {
      const worker = await run({ 'composer.json': composer({}), 'worker.php': '<?php echo "done";' });
      assert.equal(worker.options['runtime'], 'cli');
      assert.equal(worker.options['startCommand'], 'php worker.php');
      assert.equal(worker.options['server'], undefined);
      const server = await run({ 'server.php': '<?php $s = stream_socket_server("tcp://0.0.0.0:" . (getenv("PORT") ?: "9501"));' });
      assert.equal(server.options['server'], true);
      assert.equal(server.options['port'], 9501);
    });
  });
});
