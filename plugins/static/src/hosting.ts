import type { Evidence, ProjectView } from '@dockstack/plugin-api';

/** A hosting config that rewrites every path to the app shell: the site is a single-page app. */
export type SpaSignal = Evidence;

const SHELL = /^\/?index\.html$/;

function rewritesToShell(rules: unknown, from: string, to: string): boolean {
  if (!Array.isArray(rules)) return false;
  return rules.some(
    (r) =>
      typeof r === 'object' &&
      r !== null &&
      typeof (r as Record<string, unknown>)[to] === 'string' &&
      SHELL.test(String((r as Record<string, unknown>)[to])) &&
      /^\/?(\*\*?|\(\.\*\)|:path\*|.*\(\.\*\))/.test(String((r as Record<string, unknown>)[from] ?? '')),
  );
}

/**
 * Reads the hosting configs that say "serve index.html for every path": Netlify `_redirects` and
 * `netlify.toml`, `vercel.json` rewrites, Heroku-style `static.json`, `firebase.json` and Azure
 * `staticwebapp.config.json`. `dirs` are the folders to look in besides the root (the site folder).
 */
export async function spaSignals(p: ProjectView, dirs: readonly string[]): Promise<SpaSignal[]> {
  const out: SpaSignal[] = [];
  for (const dir of ['', ...dirs.filter((d) => d !== '' && d !== '.')]) {
    const at = (f: string): string => (dir === '' ? f : `${dir}/${f}`);
    const redirects = await p.readText(at('_redirects'));
    if (redirects !== undefined && /^\s*\/\*\s+\/index\.html\s+200\b/m.test(redirects))
      out.push({ file: at('_redirects'), says: '/* /index.html 200 (SPA rewrite)' });
  }
  const toml = await p.readText('netlify.toml');
  if (toml !== undefined && /to\s*=\s*"\/index\.html"/.test(toml) && /status\s*=\s*200/.test(toml))
    out.push({ file: 'netlify.toml', says: 'redirects every path to /index.html with status 200' });
  const vercel = await p.readJson<{ rewrites?: unknown }>('vercel.json');
  if (vercel !== undefined && rewritesToShell(vercel.rewrites, 'source', 'destination'))
    out.push({ file: 'vercel.json', says: 'rewrites every path to /index.html' });
  const staticJson = await p.readJson<{ routes?: Record<string, unknown> }>('static.json');
  if (
    staticJson?.routes !== undefined &&
    Object.entries(staticJson.routes).some(([k, v]) => /^\/\*\*?$/.test(k) && typeof v === 'string' && SHELL.test(v))
  )
    out.push({ file: 'static.json', says: 'routes /** to index.html' });
  const firebase = await p.readJson<{ hosting?: { rewrites?: unknown } }>('firebase.json');
  if (firebase?.hosting !== undefined && rewritesToShell(firebase.hosting.rewrites, 'source', 'destination'))
    out.push({ file: 'firebase.json', says: 'hosting rewrites every path to /index.html' });
  const azure = await p.readJson<{ navigationFallback?: { rewrite?: unknown } }>('staticwebapp.config.json');
  if (typeof azure?.navigationFallback?.rewrite === 'string' && SHELL.test(azure.navigationFallback.rewrite))
    out.push({ file: 'staticwebapp.config.json', says: 'navigationFallback rewrites to /index.html' });
  return out;
}

/** True when an index.html looks like an app shell: an empty mount element and a script that fills it. */
export function looksLikeAppShell(html: string): boolean {
  const mount = /<div\s+id=["'](root|app|__next|svelte|main)["'][^>]*>\s*<\/div>/i.test(html);
  const script = /<script\b[^>]*\bsrc=["'][^"']+\.m?js["']/i.test(html);
  return mount && script;
}
