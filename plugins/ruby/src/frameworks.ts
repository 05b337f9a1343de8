/**
 * What runs: Rails, Sinatra, another Rack app (`config.ru`), or a script; its command, port,
 * health path, and whether it is a server or a run-to-completion job.
 */
import {
  entryCandidates,
  firstText,
  propose,
  proposeImplied,
  proposeProcess,
  readSources,
  validPort,
  type Findings,
  type Implied,
  type ProjectView,
} from '@dockstack/plugin-api';

const SAFE_COMMAND = /^[A-Za-z0-9_./:@=+-]+( [A-Za-z0-9_./:@=+-]+)*$/;
const SERVER_CODE = /\b(TCPServer|WEBrick|Rack::Handler|Rackup::Handler|run!|serve_forever|Socket\.tcp_server_loop|HTTPServer|\.listen\()/;
const MAIN_CANDIDATES = ['app.rb', 'main.rb', 'server.rb', 'web.rb', 'worker.rb', 'run.rb', 'script.rb'];

/** `ENV.fetch("PORT", 8080)`, `ENV["PORT"] || 8080`, `ENV.fetch('PORT') { 4567 }`. */
export function portDefault(code: string): number | undefined {
  const m =
    /ENV(?:\.fetch\(\s*["']PORT["']\s*(?:,\s*["']?(\d{2,5})|\)\s*\{\s*["']?(\d{2,5}))|\[\s*["']PORT["']\s*\]\s*\|\|\s*["']?(\d{2,5}))/.exec(
      code,
    );
  return validPort(m?.[1] ?? m?.[2] ?? m?.[3]);
}

/** Procfile process types: `web: bundle exec puma -C config/puma.rb`. */
export function procfile(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Za-z0-9_-]+):\s*(.+?)\s*$/.exec(line);
    if (m) out.set(m[1] as string, m[2] as string);
  }
  return out;
}

/** The server command for a Rack app, from the app servers the bundle holds. */
function rackServer(gems: Set<string>, port: number): { command?: string; server: string } {
  if (gems.has('puma')) return { server: 'puma' };
  if (gems.has('falcon')) return { server: 'falcon', command: `bundle exec falcon serve --bind http://0.0.0.0:${port}` };
  if (gems.has('unicorn')) return { server: 'unicorn', command: `bundle exec unicorn --port ${port}` };
  if (gems.has('thin')) return { server: 'thin', command: `bundle exec thin start --address 0.0.0.0 --port ${port}` };
  if (gems.has('rackup') || gems.has('webrick')) return { server: 'rackup', command: `bundle exec rackup --host 0.0.0.0 --port ${port}` };
  return { server: 'none' };
}

async function findMain(p: ProjectView, rootNames: string[], pattern?: RegExp): Promise<{ file: string; code: string } | undefined> {
  const candidates = entryCandidates(rootNames, MAIN_CANDIDATES, /\.rb$/);
  let first: { file: string; code: string } | undefined;
  for (const file of candidates.slice(0, 12)) {
    const code = await p.readText(file);
    if (code === undefined) continue;
    first ??= { file, code };
    if (!pattern || pattern.test(code)) return { file, code };
  }
  return pattern ? undefined : first;
}

/** What a Rails app implies, as data. */
const RAILS: readonly Implied[] = [
  {
    option: 'writableDirs',
    value: ['db', 'log', 'storage', 'tmp'],
    why: 'Rails writes logs, pids, caches, uploads and SQLite databases there; the rest of the app stays read-only',
  },
  {
    option: 'jemalloc',
    value: true,
    why: "Puma runs Rails in threads, whose memory glibc malloc fragments; Rails' own Dockerfile preloads jemalloc too",
  },
  {
    option: 'entrypoint',
    value: 'bin/docker-entrypoint',
    why: 'bin/docker-entrypoint exists (Rails prepares the database there before the server starts)',
    files: ['bin/docker-entrypoint'],
  },
  {
    option: 'thruster',
    value: true,
    why: 'thruster is bundled and bin/thrust exists: it fronts Puma with asset caching and compression',
    deps: ['thruster'],
    files: ['bin/thrust'],
  },
  { option: 'vips', value: true, why: 'image_processing/ruby-vips load libvips at run time', deps: ['image_processing', 'ruby-vips'] },
  {
    note: 'package.json exists: if assets:precompile needs Node (jsbundling-rails, cssbundling-rails), add `nodejs npm` to buildPackages or build the assets in a Node stage',
    files: ['package.json'],
  },
  {
    note: 'SQLite in production: mount a volume on /app/storage (Rails 8 keeps its databases there) or the data is lost with the container',
    deps: ['sqlite3'],
  },
];

/** Rails: module name, health route, asset pipeline, API-only, then the {@link RAILS} table. */
async function rails(p: ProjectView, gems: Set<string>, guess: Findings): Promise<void> {
  const o = guess.options;
  propose(guess, 'framework', 'rails', 'rails is in the production bundle and config/application.rb exists');
  const app = (await p.readText('config/application.rb')) ?? '';
  const mod = /^module\s+([A-Z][A-Za-z0-9]*)/m.exec(app)?.[1];
  if (mod !== undefined) o['appName'] = mod.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  const routes = (await p.readText('config/routes.rb')) ?? '';
  const up = /get\s+["']([A-Za-z0-9_/-]+)["']\s*(?:=>|,\s*to:)\s*["']rails\/health#show["']/.exec(routes);
  const path = up && `/${(up[1] ?? 'up').replace(/^\//, '')}`;
  if (path)
    propose(guess, 'healthcheckPath', path, `config/routes.rb maps ${path} to rails/health#show, which answers 200 once the app booted`);
  const pipeline = ['propshaft', 'sprockets-rails', 'sprockets'].find((g) => gems.has(g))?.replace(/-rails$/, '');
  if (!/config\.api_only\s*=\s*true/.test(app) && pipeline !== undefined)
    propose(guess, 'precompileAssets', true, `${pipeline} serves compiled assets: they are built in the image`);
  await proposeImplied(p, guess, gems, RAILS);
  await jobProcesses(p, gems, guess, true);
}

/** A class Sidekiq runs: `include Sidekiq::Job` (Sidekiq 6.3+) or `include Sidekiq::Worker`. */
const SIDEKIQ_JOB = /^\s*include\s+Sidekiq::(?:Job|Worker)\b/m;
/** Where Sidekiq reads its options by default (relative to the app). */
const SIDEKIQ_CONFIG = ['config/sidekiq.yml', 'config/sidekiq.yml.erb'];
/**
 * Sidekiq's shutdown timeout (`-t`): its default, 25 s, fits Heroku's 30 s; `docker stop` and compose
 * send SIGKILL 10 s after SIGTERM. Under that, Sidekiq pushes the jobs still running back to Redis and
 * exits by itself instead of being killed with them (lost, with Sidekiq's basic fetch).
 */
const SIDEKIQ_TIMEOUT = 8;

/**
 * Sidekiq's command: Rails is booted from the app folder; any other app names the file that loads its
 * jobs (`-r`, else Sidekiq exits asking for one), unless config/sidekiq.yml says `require:`; the
 * shutdown timeout fits Docker's stop grace unless the config sets `timeout:`.
 */
async function sidekiqCommand(p: ProjectView, rails: boolean, guess: Findings): Promise<{ command: string; why: string } | undefined> {
  const config = await firstText(p, SIDEKIQ_CONFIG);
  const args = ['bundle exec sidekiq'];
  const why = ['sidekiq is in the production bundle: its jobs need a Sidekiq process (and Redis, from REDIS_URL)'];
  if (!rails && !/^\s*:?require:/m.test(config?.text ?? '')) {
    const { files } = await readSources(p, {
      roots: ['', 'lib', 'app', 'jobs', 'workers'],
      files: /\.rb$/,
      depth: 1,
      limit: 60,
      skip: /^(vendor|node_modules|spec|test|tmp|log|public)$/,
    });
    // A path compose can pass as one word (it splits a command on spaces, without a shell).
    const jobs = files.filter((f) => SIDEKIQ_JOB.test(f.text) && /^[\w./-]+$/.test(f.path)).map((f) => f.path);
    const file = jobs[0];
    if (file === undefined) {
      guess.notes.push(
        'sidekiq is in the bundle but no file includes Sidekiq::Job: outside Rails Sidekiq needs the file that loads the jobs (`bundle exec sidekiq -r ./jobs.rb`); add it to processes',
      );
      return undefined;
    }
    args.push(`-r ./${file}`);
    why.push(`${file} defines its jobs (outside Rails, Sidekiq loads the file -r names)`);
    if (jobs.length > 1)
      guess.notes.push(
        `Sidekiq jobs are defined in ${jobs.join(', ')}: the worker loads ${file} only (-r takes one file); point it at a file that requires them all`,
      );
  }
  if (!/^\s*:?timeout:/m.test(config?.text ?? '')) {
    args.push(`-t ${SIDEKIQ_TIMEOUT}`);
    why.push(
      `-t ${SIDEKIQ_TIMEOUT}: jobs still running at docker stop go back to Redis before Docker's 10 s grace ends (Sidekiq's default waits 25 s)`,
    );
  }
  return { command: args.join(' '), why: why.join('; ') };
}

/**
 * Background jobs run from the same image as processes of their own: Sidekiq when it is in the
 * bundle ({@link sidekiqCommand}), Solid Queue's supervisor (`bin/jobs`, Rails 8) unless Puma runs it
 * in-process (`plugin :solid_queue` in config/puma.rb).
 */
async function jobProcesses(p: ProjectView, gems: Set<string>, guess: Findings, rails: boolean): Promise<void> {
  if (gems.has('sidekiq')) {
    const sidekiq = await sidekiqCommand(p, rails, guess);
    if (sidekiq !== undefined) proposeProcess(guess, 'worker', sidekiq.command, sidekiq.why);
  } else if (
    rails &&
    gems.has('solid_queue') &&
    (await p.exists('bin/jobs')) &&
    !/plugin\s+:solid_queue/.test((await p.readText('config/puma.rb')) ?? '')
  )
    proposeProcess(
      guess,
      'jobs',
      './bin/jobs',
      'solid_queue is in the production bundle and bin/jobs starts its supervisor (Puma does not run it in-process)',
    );
}

/** Guesses framework, command, port and server/worker from the bundle and the app files. */
export async function guessRun(p: ProjectView, rootNames: string[], gems: Set<string>, bundled: boolean, guess: Findings): Promise<void> {
  const o = guess.options;
  const procs = rootNames.includes('Procfile') ? procfile((await p.readText('Procfile')) ?? '') : new Map<string, string>();
  if (procs.size > 0) guess.reasons.push({ file: 'Procfile', says: [...procs.keys()].join(', ') });
  if (procs.has('release'))
    guess.notes.push(
      `Procfile release: "${procs.get('release')}" is not run by the image: run it as a one-off container before starting the new version`,
    );
  const port = 3000;

  if ((gems.has('rails') || gems.has('railties')) && (await p.exists('config/application.rb'))) {
    guess.reasons.push({ file: 'config/application.rb', says: 'a Rails application' });
    await rails(p, gems, guess);
  } else if (rootNames.includes('config.ru')) {
    const sinatra = gems.has('sinatra');
    propose(guess, 'framework', sinatra ? 'sinatra' : 'rack', `config.ru${sinatra ? ' and sinatra in the bundle' : ''}: a Rack app`);
    guess.reasons.push({ file: 'config.ru', says: 'a Rack app' });
    const server = rackServer(gems, port);
    if (server.command !== undefined) {
      propose(guess, 'startCommand', server.command, `${server.server} is the app server in the bundle`);
    } else if (server.server === 'none') {
      guess.notes.push('no app server (puma, falcon, unicorn, thin, rackup) in the production bundle: add `gem "puma"` to the Gemfile');
    }
  } else if (gems.has('sinatra')) {
    const main = await findMain(p, rootNames, /require\s+["']sinatra/);
    propose(guess, 'framework', 'sinatra', 'sinatra is in the bundle');
    if (main !== undefined) {
      propose(
        guess,
        'startCommand',
        `bundle exec ruby ${main.file}`,
        `${main.file} is a classic Sinatra app (no config.ru): Sinatra's own server, on PORT, bound to 0.0.0.0 in production`,
      );
      guess.reasons.push({ file: main.file, says: 'require "sinatra"' });
    }
  } else {
    o['framework'] = 'none';
    const main = (await findMain(p, rootNames, SERVER_CODE)) ?? (await findMain(p, rootNames));
    const web = procs.get('web');
    if (web !== undefined && SAFE_COMMAND.test(web)) {
      propose(guess, 'startCommand', web, "the Procfile's web process");
    } else if (main !== undefined) {
      propose(guess, 'startCommand', `${bundled ? 'bundle exec ' : ''}ruby ${main.file}`, `${main.file} is the app's main script`);
    }
    const server = web !== undefined || (main !== undefined && SERVER_CODE.test(main.code));
    if (!server) {
      o['server'] = false;
      o['healthcheck'] = false;
      guess.why['server'] =
        main !== undefined ? `${main.file} opens no server socket: a run-to-completion script or worker` : 'no server code found';
    } else if (main !== undefined) {
      guess.reasons.push({ file: main.file, says: 'opens a server socket' });
      const found = portDefault(main.code);
      if (found !== undefined) {
        propose(guess, 'port', found, `${main.file} listens on PORT, defaulting to ${found}`);
      }
    }
    if (web !== undefined && !SAFE_COMMAND.test(web))
      guess.notes.push(`Procfile web: "${web}" uses shell syntax (variables, quotes); set startCommand to an exec-form equivalent`);
  }
  // A web app outside Rails runs its Sidekiq jobs the same way (Rails' are proposed above).
  if (o['framework'] !== 'rails' && o['server'] !== false) await jobProcesses(p, gems, guess, false);
  const workers = ['sidekiq', 'good_job', 'solid_queue', 'resque', 'delayed_job'].filter((g) => gems.has(g));
  const proposed = guess.processes?.find((w) => w.name === 'worker' || w.name === 'jobs');
  if (proposed !== undefined)
    guess.notes.push(
      `${workers.join(', ')} in the bundle: its process runs from the same image (\`docker run IMAGE ${proposed.command}\`, a compose service of its own)`,
    );
  else if (workers.length > 0)
    guess.notes.push(
      `${workers.join(', ')} in the bundle: run the worker from the same image with another command (e.g. \`docker run IMAGE ${workers[0] === 'solid_queue' ? './bin/jobs' : `bundle exec ${workers[0]}`}\`)`,
    );
}
