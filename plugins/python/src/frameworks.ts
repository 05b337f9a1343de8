import {
  dirOf,
  firstExisting,
  portIn,
  propose,
  proposeProcess,
  proposeImplied,
  type Findings,
  type Implied,
  type ProjectView,
} from '@dockstack/plugin-api';
import { djangoOptions } from './django.js';

type Deps = Set<string>;

const ENTRY_SCRIPTS = ['main.py', 'app.py', 'server.py', 'run.py', 'worker.py', 'bot.py', 'cli.py', '__main__.py'];
const APP_DIRS = ['app', 'api', 'src', 'backend', 'server', 'service'];
const APP_FILES = ['main.py', 'app.py', 'api.py', 'server.py', 'application.py', 'asgi.py', 'wsgi.py', '__init__.py'];
/** Root modules that are not where an app lives: tests, packaging and Django's manage.py. */
const NOT_APP_FILES = /^(?:test_.*|.*_test|conftest|setup|manage|noxfile|fabfile)\.py$/;
const SERVER_SIGNS =
  /\b(?:HTTPServer|ThreadingHTTPServer|serve_forever|socketserver|web\.run_app|uvicorn\.run|hypercorn|asyncio\.start_server|make_server|waitress\.serve|aiohttp\.web|tornado\.web|\.listen\(|app\.run\()/;
const PORT_SIGNS = [/PORT['"]\s*[,)]\s*['"]?(\d{2,5})/, /\bport\s*=\s*(\d{2,5})\b/, /\(\s*['"][^'"\n]*['"]\s*,\s*(\d{2,5})\s*\)/];

/** Notes for libraries whose processes the image does not run as they expect. */
const ALONGSIDE: readonly Implied[] = [
  {
    note: 'Django Channels: the image serves WSGI with gunicorn; for websockets set startCommand to an ASGI server',
    deps: ['channels'],
  },
];

/** Candidate Python files where an ASGI/WSGI app object may live, most likely first. */
async function appFiles(p: ProjectView, packageName: string | undefined): Promise<string[]> {
  const files = APP_FILES.filter((f) => f !== '__init__.py');
  const dirs = [...APP_DIRS, ...(packageName ? [packageName.replace(/-/g, '_')] : [])];
  for (const dir of dirs) {
    for (const f of APP_FILES) files.push(`${dir}/${f}`);
  }
  for (const entry of await p.list('src')) {
    if (entry.kind === 'dir') for (const f of APP_FILES) files.push(`${entry.path}/${f}`);
  }
  // Then any other module at the root (Flask's quickstart saves its app as hello.py), tests and tooling aside.
  for (const entry of await p.list('.')) {
    if (entry.kind === 'file' && entry.name.endsWith('.py') && !files.includes(entry.name) && !NOT_APP_FILES.test(entry.name))
      files.push(entry.name);
  }
  return files;
}

/** `app/main.py` -> `app.main`; a src layout drops `src/`; a package's `__init__.py` names the package. */
function moduleOf(file: string): string {
  return file
    .replace(/^src\//, '')
    .replace(/\/__init__\.py$|\.py$/, '')
    .replace(/\//g, '.');
}

interface AppObject {
  file: string;
  module: string;
}

/** Finds `x = FastAPI(...)`, `Starlette(...)`, `Flask(__name__)`, or a `create_app()` factory. */
async function findApp(p: ProjectView, files: string[], constructor: string): Promise<AppObject | undefined> {
  const assign = new RegExp(`^(\\w+)\\s*(?::\\s*[\\w.]+\\s*)?=\\s*(?:\\w+\\.)?${constructor}\\(`, 'm');
  let factory: AppObject | undefined;
  for (const file of files) {
    const text = await p.readText(file);
    if (text === undefined || !text.includes(constructor)) continue;
    const m = assign.exec(text);
    if (m) return { file, module: `${moduleOf(file)}:${m[1]}` };
    const f = /^def (create_app|make_app|get_app|app_factory)\(/m.exec(text);
    if (f && factory === undefined) factory = { file, module: `${moduleOf(file)}:${f[1]}()` };
  }
  return factory;
}

/**
 * A Streamlit app: the script that imports streamlit (the usual app files first, then any root
 * module), run by `streamlit run`; the template adds the bind flags for PORT. Its health endpoint
 * is `/_stcore/health`, its port 8501.
 */
async function streamlitRun(p: ProjectView, packageName: string | undefined, out: Findings): Promise<boolean> {
  for (const file of await appFiles(p, packageName)) {
    const text = await p.readText(file);
    if (text === undefined || !/^\s*(?:import streamlit\b|from streamlit\b)/m.test(text)) continue;
    propose(out, 'startCommand', `streamlit run ${file}`, `${file} imports streamlit: the app's script`, {
      file,
      says: 'Streamlit app script',
    });
    propose(out, 'port', 8501, "Streamlit's default port (the image binds PORT, this as its default)");
    propose(out, 'healthcheckPath', '/_stcore/health', "Streamlit's health endpoint");
    return true;
  }
  out.notes.push('streamlit is a dependency but no script imports it; set framework=streamlit and startCommand `streamlit run <script>`');
  return false;
}

/**
 * A Celery project without a web framework is a worker image: `celery -A <module:app> worker`, found
 * where the `Celery(...)` app is assigned (the usual app files, any root module, or Django's
 * `<project>/celery.py`). No server: no EXPOSE, no HEALTHCHECK (a ping needs a broker round trip).
 */
async function celeryApp(p: ProjectView, packageName: string | undefined): Promise<{ module: string; file: string } | undefined> {
  const files = await appFiles(p, packageName);
  for (const entry of await p.list('.')) if (entry.kind === 'dir' && !entry.name.startsWith('.')) files.push(`${entry.path}/celery.py`);
  const app = await findApp(p, files, 'Celery');
  return app === undefined || app.module.endsWith('()') ? undefined : app;
}

async function celeryRun(p: ProjectView, packageName: string | undefined, out: Findings): Promise<boolean> {
  const app = await celeryApp(p, packageName);
  if (app === undefined) return false;
  propose(
    out,
    'startCommand',
    `celery -A ${app.module} worker --loglevel=INFO`,
    `${app.file} creates the Celery app ${app.module}: the image runs a worker`,
    { file: app.file, says: `Celery app ${app.module}` },
  );
  propose(out, 'server', false, 'a Celery worker consumes a broker queue and serves no port (no EXPOSE, no HEALTHCHECK)');
  out.options['healthcheck'] = false;
  out.notes.push('Celery worker: set the broker (e.g. CELERY_BROKER_URL) at run time; beat, if you use it, runs as its own container');
  return true;
}

/**
 * Celery next to a web app: the image serves the web app, and its workers (and beat, when the
 * project schedules tasks) run from the same image as processes of their own (compose services).
 */
async function celeryAlongside(p: ProjectView, deps: Deps, packageName: string | undefined, out: Findings): Promise<void> {
  const app = await celeryApp(p, packageName);
  if (app === undefined) {
    out.notes.push(
      "Celery: this image serves the web app; no `Celery(...)` app assignment found, so no worker process is proposed (add one to the config's `processes`: `celery -A <app> worker`)",
    );
    return;
  }
  const seen = { file: app.file, says: `Celery app ${app.module}` };
  proposeProcess(out, 'worker', `celery -A ${app.module} worker --loglevel=INFO`, `${app.file} creates the Celery app ${app.module}`, seen);
  const source = (await p.readText(app.file)) ?? '';
  if (deps.has('django-celery-beat') || /\bbeat_schedule\b|\.add_periodic_task\(|@\w+\.on_after_configure\.connect/.test(source))
    proposeProcess(
      out,
      'beat',
      `celery -A ${app.module} beat --loglevel=INFO`,
      deps.has('django-celery-beat')
        ? 'dependency "django-celery-beat": periodic tasks need one beat'
        : `${app.file} schedules periodic tasks`,
    );
  out.notes.push(
    'Celery: this image serves the web app; its workers run from the same image as compose services (config `processes`); set the broker (e.g. CELERY_BROKER_URL) at run time',
  );
}

async function frameworkRun(p: ProjectView, deps: Deps, packageName: string | undefined, out: Findings): Promise<string | undefined> {
  const hasManage = await p.exists('manage.py');
  if (deps.has('django') || hasManage) {
    if (!deps.has('django') && !/django/i.test((await p.readText('manage.py')) ?? '')) return undefined;
    await djangoOptions(p, deps, out);
    return 'django';
  }
  if (deps.has('streamlit')) return (await streamlitRun(p, packageName, out)) ? 'streamlit' : undefined;
  const asgi = deps.has('fastapi') ? 'fastapi' : deps.has('starlette') ? 'starlette' : undefined;
  const framework = asgi ?? (deps.has('flask') ? 'flask' : undefined);
  if (framework === undefined) return undefined;
  const constructor = { fastapi: 'FastAPI', starlette: 'Starlette', flask: 'Flask' }[framework] as string;
  const app = await findApp(p, await appFiles(p, packageName), constructor);
  if (app !== undefined) {
    const how = app.module.endsWith('()') ? ' through a factory' : '';
    propose(out, 'appModule', app.module, `${app.file} creates the ${constructor} app${how}`, {
      file: app.file,
      says: `${constructor} app ${app.module}`,
    });
    if (app.file.startsWith('src/'))
      out.notes.push(
        `the app lives in a src layout (${app.file}): it is importable only once the project is installed (installProject needs a [build-system])`,
      );
  } else out.notes.push(`no ${constructor}(...) assignment found in the usual files; set appModule (module:variable)`);
  const server = asgi ? 'uvicorn' : 'gunicorn';
  if (!deps.has(server) && !(asgi === 'fastapi' && (deps.has('fastapi[standard]') || deps.has('fastapi[all]')))) {
    out.notes.push(`${server} is not among the dependencies, but the image runs ${framework} with it: add ${server} to the dependencies`);
  }
  return framework;
}

/** The script a plain project runs: Procfile-free heuristics over the usual entry files. */
async function scriptRun(p: ProjectView, scripts: string[], installProject: boolean, out: Findings): Promise<void> {
  if (installProject && scripts.length === 1) {
    propose(out, 'startCommand', scripts[0], `the project's only console script is "${scripts[0]}"`);
    return;
  }
  const root = await p.list('.');
  const files = root.filter((e) => e.kind === 'file').map((e) => e.name);
  const packageMains = root.filter((e) => e.kind === 'dir' && !e.name.startsWith('.')).map((e) => `${e.path}/__main__.py`);
  const modules = files.filter((n) => n.endsWith('.py'));
  const only = modules.length === 1 ? modules[0] : undefined;
  const file = ENTRY_SCRIPTS.find((n) => files.includes(n)) ?? (await firstExisting(p, packageMains)) ?? only;
  if (file === undefined) {
    out.notes.push('no entry script found (main.py, app.py, server.py, worker.py, a package with __main__.py); set startCommand');
    return;
  }
  const command = file === '__main__.py' ? 'python .' : file.includes('/') ? `python -m ${dirOf(file)}` : `python ${file}`;
  propose(out, 'startCommand', command, `${file} is the entry script`);
  const text = (await p.readText(file)) ?? '';
  if (SERVER_SIGNS.test(text)) {
    out.why['server'] = `${file} starts a network server (${SERVER_SIGNS.exec(text)?.[0]})`;
    out.reasons.push({ file: file, says: 'starts a server' });
    const port = portIn(text, PORT_SIGNS);
    if (port !== undefined) {
      propose(out, 'port', port, `${file} listens on ${port}`);
    }
    if (/['"](?:127\.0\.0\.1|localhost)['"]\s*,\s*(?:\d|port|PORT|int\()/.test(text)) {
      out.notes.push(`${file} binds 127.0.0.1, which nothing outside the container can reach: bind 0.0.0.0`);
    }
    if (/\bapp\.run\(/.test(text)) out.notes.push(`${file} uses a development server (app.run); a production WSGI/ASGI server is safer`);
  } else {
    out.options['server'] = false;
    out.options['healthcheck'] = false;
    out.why['server'] = `${file} starts no server: a run-to-completion script or worker (no EXPOSE, no HEALTHCHECK)`;
    out.reasons.push({ file: file, says: 'runs and exits (no server)' });
  }
}

/** Framework, app module, start command and server-or-worker, from dependencies and code. */
export async function guessRun(
  p: ProjectView,
  deps: Deps,
  info: { name?: string; scripts: string[]; installProject: boolean },
  out: Findings,
): Promise<void> {
  const framework = await frameworkRun(p, deps, info.name, out);
  if (framework !== undefined) {
    const server =
      framework === 'django'
        ? 'Django project (manage.py / dependency "django"), served by gunicorn'
        : framework === 'streamlit'
          ? 'dependency "streamlit", run by `streamlit run` on PORT'
          : undefined;
    const why = server ?? `dependency "${framework}", served by ${framework === 'flask' ? 'gunicorn' : 'uvicorn'}`;
    propose(out, 'framework', framework, why, { file: 'dependencies', says: framework });
    if (deps.has('celery')) await celeryAlongside(p, deps, info.name, out);
  } else if (!(deps.has('celery') && (await celeryRun(p, info.name, out)))) {
    if (deps.has('celery'))
      out.notes.push('Celery: no `Celery(...)` app assignment found; a worker image runs `celery -A <module> worker`: set startCommand');
    await scriptRun(p, info.scripts, info.installProject, out);
  }
  await proposeImplied(p, out, deps, ALONGSIDE);
}
