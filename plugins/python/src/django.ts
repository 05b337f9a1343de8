import { propose, type Findings, type ProjectView } from '@dockstack/plugin-api';

const SECRET_FROM_ENV =
  /^SECRET_KEY\s*=\s*(?:os\.environ(?:\.get)?\s*[[(]\s*|os\.getenv\(\s*|env(?:\.str)?\(\s*|config\(\s*|getenv\(\s*)['"]([A-Z_][A-Z0-9_]*)['"]/m;

/** The settings module's files: `mysite/settings.py`, or every module of a `mysite/settings/` package. */
async function settingsTexts(p: ProjectView, module: string): Promise<Array<[string, string]>> {
  const path = module.replace(/\./g, '/');
  const out: Array<[string, string]> = [];
  const single = await p.readText(`${path}.py`);
  if (single !== undefined) out.push([`${path}.py`, single]);
  const pkg = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : path;
  for (const dir of [path, pkg]) {
    for (const entry of (await p.list(dir)).slice(0, 12)) {
      if (entry.kind !== 'file' || !entry.name.endsWith('.py') || out.some(([f]) => f === entry.path)) continue;
      const text = await p.readText(entry.path);
      if (text !== undefined && /\b(SECRET_KEY|STATIC_ROOT|INSTALLED_APPS)\b/.test(text)) out.push([entry.path, text]);
    }
  }
  return out;
}

/** Django: the WSGI module, whether collectstatic can run, and how settings read SECRET_KEY. */
export async function djangoOptions(p: ProjectView, deps: Set<string>, out: Findings): Promise<void> {
  const manage = (await p.readText('manage.py')) ?? '';
  const module = /DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([A-Za-z_][\w.]*)['"]/.exec(manage)?.[1];
  let project = module?.split('.')[0];
  if (project === undefined || !(await p.exists(`${project}/wsgi.py`))) {
    project = undefined;
    for (const entry of await p.list('.')) {
      if (entry.kind === 'dir' && (await p.exists(`${entry.path}/wsgi.py`))) {
        project = entry.name;
        break;
      }
    }
  }
  if (project !== undefined) {
    propose(
      out,
      'appModule',
      `${project}.wsgi:application`,
      `${project}/wsgi.py is the project's WSGI entry${module ? ` (manage.py uses ${module})` : ''}`,
    );
    out.reasons.push({ file: 'manage.py', says: module ? `DJANGO_SETTINGS_MODULE ${module}` : 'present' });
  } else out.notes.push('no <project>/wsgi.py found; set appModule (e.g. mysite.wsgi:application)');

  const settings = module !== undefined ? await settingsTexts(p, module) : [];
  const staticRoot = settings.find(([, text]) => /^STATIC_ROOT\s*=/m.test(text));
  if (staticRoot !== undefined) {
    propose(out, 'collectstatic', true, `${staticRoot[0]} sets STATIC_ROOT, so collectstatic runs in the build stage`);
  } else if (settings.length > 0) {
    propose(out, 'collectstatic', false, 'the settings set no STATIC_ROOT, so collectstatic cannot run');
    out.notes.push('STATIC_ROOT is not set: static files are not collected (set it and collectstatic=true)');
  }
  for (const [file, text] of settings) {
    const env = SECRET_FROM_ENV.exec(text)?.[1];
    if (env !== undefined) {
      propose(out, 'secretKeyEnv', env, `${file} reads SECRET_KEY from $${env}`);
      break;
    }
    if (/^SECRET_KEY\s*=\s*['"]/m.test(text)) out.notes.push(`${file} hard-codes SECRET_KEY: read it from the environment in production`);
  }
  if (settings.some(([, text]) => /\benv\.db\(|dj_database_url|\[["']DATABASE_URL["']\]/.test(text))) {
    out.notes.push('the settings need DATABASE_URL at import time: give collectstatic a dummy one inline if the build fails');
  }
  if (out.options['collectstatic'] === true && !deps.has('whitenoise')) {
    out.notes.push('nothing in the image serves STATIC_ROOT (no whitenoise): serve /static from a web server or add whitenoise');
  }
  if (!deps.has('gunicorn')) out.notes.push('gunicorn is not among the dependencies, but the image runs Django with it: add gunicorn');
  out.notes.push(
    'the HEALTHCHECK requests http://127.0.0.1:<port>/: ALLOWED_HOSTS must accept 127.0.0.1 (or set healthcheckPath to a view that answers 2xx/3xx)',
  );
}
