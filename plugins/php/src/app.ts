/**
 * What the app is: Laravel, Symfony or another web app (and its document root), or a CLI worker;
 * plus the front-end build and what `.env.example` says about extensions.
 */
import {
  entryCandidates,
  type Findings,
  firstText,
  nodeVersion,
  portIn,
  type ProjectView,
  propose,
  proposeProcess,
  readPackageJson,
  scripts,
  tableOf,
} from '@dockstack/plugin-api';
import type { ComposerFacts } from './composer.js';

/** PHP code without its block comments and whole-line `//` / `#` comments (`#[...]` attributes kept). */
const withoutComments = (code: string): string => code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^[ \t]*(?:\/\/|#(?!\[)).*$/gm, '');
const SERVER_CODE = /\b(stream_socket_server|socket_create_listen|socket_listen|React\\Http|Swoole\\Http\\Server|Workerman|->listen\()/;
const SCRIPT_CANDIDATES = ['worker.php', 'main.php', 'app.php', 'run.php', 'server.php', 'console.php', 'cli.php'];

/** The extensions `.env.example` settings imply (database drivers), with the reason. */
async function envExample(p: ProjectView, facts: ComposerFacts): Promise<Map<string, string>> {
  const extensions = new Map<string, string>();
  const text = (await p.readText('.env.example')) ?? '';
  const db = /^DB_CONNECTION=\s*["']?([a-z]+)/m.exec(text)?.[1];
  if (db === 'mysql' || db === 'mariadb') extensions.set('pdo_mysql', `.env.example DB_CONNECTION=${db}`);
  if (db === 'pgsql') extensions.set('pdo_pgsql', '.env.example DB_CONNECTION=pgsql');
  const redisUsed = /^(CACHE_STORE|CACHE_DRIVER|QUEUE_CONNECTION|SESSION_DRIVER)=\s*["']?redis/m.test(text);
  const client = /^REDIS_CLIENT=\s*["']?([a-z]+)/m.exec(text)?.[1] ?? 'phpredis';
  if (redisUsed && client === 'phpredis' && !facts.packages.has('predis/predis'))
    extensions.set('redis', ".env.example uses Redis through phpredis (Laravel's default client)");
  return extensions;
}

/** Vite (or another bundler) build: needs package.json with a build script and package-lock.json. */
async function frontEnd(p: ProjectView, rootNames: string[], guess: Findings): Promise<void> {
  const pkg = await readPackageJson(p);
  if (scripts(pkg)['build'] === undefined) return;
  if (!rootNames.includes('package-lock.json')) {
    const other = ['pnpm-lock.yaml', 'yarn.lock', 'bun.lock', 'bun.lockb'].find((f) => rootNames.includes(f));
    guess.notes.push(
      `package.json has a build script but ${other ?? 'no lockfile'}${other ? ' instead of package-lock.json' : ''}: the assets stage uses npm ci, so the front-end is not built in the image (build it with npm, or commit the built assets)`,
    );
    return;
  }
  propose(guess, 'assets', true, 'package.json has a build script and package-lock.json: the front-end is built in a Node stage');
  // The assets stage only builds: the release line is enough.
  const node = await nodeVersion(p, pkg);
  const major = node?.version.split('.')[0];
  if (node !== undefined && Number(major) >= 18) propose(guess, 'nodeVersion', major, `${node.source}: Node ${major} (${node.how})`);
  const vite = (await firstText(p, ['vite.config.js', 'vite.config.ts', 'vite.config.mjs']))?.text ?? '';
  const out = /outDir:\s*["']([A-Za-z0-9_./-]+)["']/.exec(vite)?.[1]?.replace(/^\.\//, '').replace(/\/+$/, '');
  if (out !== undefined && /^[A-Za-z0-9_-][A-Za-z0-9_.-]*(\/[A-Za-z0-9_.-]+)*$/.test(out)) {
    propose(guess, 'assetsOutput', out, `vite config builds into ${out}`);
  } else if (!vite.includes('laravel-vite-plugin') && !rootNames.includes('artisan')) {
    guess.notes.push(
      "the front-end build output folder is assumed to be public/build (laravel-vite-plugin's); set assetsOutput if it differs",
    );
  }
}

/**
 * Laravel's other processes, run from the same image: the queue worker (Horizon when installed,
 * else `queue:work` when .env.example names a queue other than `sync` or app/Jobs exists) and the
 * scheduler when the app schedules anything (routes/console.php, bootstrap/app.php or the Kernel).
 */
async function laravelProcesses(p: ProjectView, facts: ComposerFacts, guess: Findings): Promise<void> {
  const queue = /^QUEUE_CONNECTION=["']?([A-Za-z0-9_-]*)/m.exec((await p.readText('.env.example')) ?? '')?.[1];
  if (facts.packages.has('laravel/horizon'))
    proposeProcess(guess, 'horizon', 'php artisan horizon', 'laravel/horizon is installed: Horizon runs and balances the queue workers');
  else if ((queue !== undefined && queue !== '' && queue !== 'sync') || (await p.exists('app/Jobs')))
    proposeProcess(
      guess,
      'queue',
      'php artisan queue:work --tries=3 --max-time=3600',
      queue !== undefined && queue !== 'sync'
        ? `.env.example sets QUEUE_CONNECTION=${queue}: queued jobs need a worker`
        : 'app/Jobs holds queued jobs: they need a worker',
    );
  for (const file of ['routes/console.php', 'bootstrap/app.php', 'app/Console/Kernel.php']) {
    // Comments left out: Laravel 10's stock Kernel carries `// $schedule->command('inspire')->hourly();`.
    if (!/\bSchedule::\w|->withSchedule\(|\$schedule->\w/.test(withoutComments((await p.readText(file)) ?? ''))) continue;
    proposeProcess(guess, 'scheduler', 'php artisan schedule:work', `${file} schedules tasks: schedule:work runs them every minute`, {
      file,
      says: 'scheduled tasks',
    });
    break;
  }
}

async function laravel(p: ProjectView, facts: ComposerFacts, guess: Findings): Promise<void> {
  const why = 'artisan and laravel/framework: a Laravel app (public/ is the web root; storage and bootstrap/cache are writable)';
  propose(guess, 'framework', 'laravel', why, { file: 'artisan', says: 'Laravel' });
  guess.options['documentRoot'] = 'public';
  const bootstrap = (await p.readText('bootstrap/app.php')) ?? '';
  const health = /health:\s*["'](\/[A-Za-z0-9_./-]*)["']/.exec(bootstrap)?.[1];
  if (health !== undefined) propose(guess, 'healthcheckPath', health, `bootstrap/app.php routes health checks to ${health}`);
  if (facts.packages.has('laravel/octane'))
    guess.notes.push(
      'laravel/octane is installed but not used: the image serves Laravel the classic way; for Octane on FrankenPHP, run `php artisan octane:frankenphp` in the cli runtime (startCommand)',
    );
  await laravelProcesses(p, facts, guess);
  guess.notes.push(
    'Laravel: migrations are not run by the image; run `php artisan migrate --force` as a one-off container before starting the new version. APP_KEY and the other settings come from the environment (.env files are not copied)',
  );
}

/** Guesses framework, runtime, document root and the command into `found`; answers the extensions the app's settings imply. */
export async function guessApp(p: ProjectView, rootNames: string[], facts: ComposerFacts, guess: Findings): Promise<Map<string, string>> {
  const extensions = await envExample(p, facts);
  await frontEnd(p, rootNames, guess);
  if (rootNames.includes('artisan') && facts.packages.has('laravel/framework')) {
    await laravel(p, facts, guess);
    return extensions;
  }
  const publicIndex = await p.exists('public/index.php');
  if (facts.packages.has('symfony/framework-bundle') || facts.packages.has('symfony/runtime')) {
    propose(guess, 'writableDirs', ['var'], 'Symfony writes its cache and logs to var/');
    // Symfony's runtime reads .env unless told not to, and fails when it is missing (Dotenv's PathException).
    const runtime = tableOf(tableOf(facts.json?.extra)?.['runtime']);
    if (runtime?.['disable_dotenv'] === true)
      guess.notes.push(
        'Symfony: set APP_ENV=prod (and APP_SECRET, DATABASE_URL) in the environment (composer.json turns .env loading off)',
      );
    else
      guess.notes.push(
        'Symfony: set APP_ENV=prod (and APP_SECRET, DATABASE_URL) in the environment; .env files are not copied and Symfony\'s runtime fails without .env, so add `"runtime": {"disable_dotenv": true}` under composer.json `extra` (APP_RUNTIME_OPTIONS=\'{"disable_dotenv":true}\' in the environment works from Symfony 7.4 on: earlier runtimes take no JSON there), or run `composer dump-env prod` before the build and let .env.local.php through .dockerignore',
      );
  }
  if (publicIndex) {
    propose(guess, 'documentRoot', 'public', 'public/index.php is the front controller: only public/ is served', {
      file: 'public/index.php',
      says: 'web root',
    });
    return extensions;
  }
  if (rootNames.includes('index.php')) {
    guess.reasons.push({ file: 'index.php', says: 'served from the app folder' });
    if (rootNames.includes('composer.json'))
      guess.notes.push(
        'the web root is the app folder itself: Apache is told to refuse vendor/ and composer.json/lock; moving the entry point to public/ is safer',
      );
    return extensions;
  }
  const script = entryCandidates(rootNames, SCRIPT_CANDIDATES, /\.php$/)[0];
  if (script === undefined) return extensions;
  const code = (await p.readText(script)) ?? '';
  propose(guess, 'runtime', 'cli', `no index.php: ${script} runs with the PHP CLI`);
  propose(guess, 'startCommand', `php ${script}`, `${script} is the app's entry script`, { file: script, says: 'a CLI script' });
  if (!SERVER_CODE.test(code)) return extensions;
  propose(guess, 'server', true, `${script} opens a server socket`);
  const port = portIn(code, [/getenv\(\s*["']PORT["']\s*\)\s*\?:\s*["']?(\d{2,5})/]);
  if (port !== undefined) propose(guess, 'port', port, `${script} listens on PORT, defaulting to ${port}`);
  return extensions;
}
