import assert from 'node:assert/strict';
import path from 'node:path';
import { GENERATOR_VERSION, loadStack, render, resolveOptions } from '@dockstack/core';
import type { DetectResult } from '@dockstack/plugin-api';
import { detect } from '../src/detect.js';
import { looksLikeAppShell } from '../src/hosting.js';
import { outputDir } from '../src/output-dir.js';
import { repositoryUrl } from '@dockstack/plugin-api';
import { memoryView } from '@dockstack/testing';

const stackDir = path.resolve(import.meta.dirname, '..');
const PAGE = '<!DOCTYPE html><html><head><title>Hi</title></head><body><h1>Hi</h1></body></html>';
const SHELL =
  '<!DOCTYPE html><html><head><title>App</title><script type="module" src="/assets/index-B4x9kQ2z.js"></script></head><body><div id="root"></div></body></html>';

async function run(files: Record<string, string>): Promise<DetectResult> {
  const result = await detect(memoryView(files));
  assert.ok(result, 'detection returned null');
  return result;
}

describe('static detection', function () {
  it('returns null without any index.html or package.json build', async function () {
    assert.equal(await detect(memoryView({ 'README.md': '# x', 'about.html': PAGE })), null);
    assert.equal(await detect(memoryView({ 'package.json': '{"name":"x"}' })), null);
  });

  it('prefers the root, then public/, dist/, ... for the site folder', async function () {
    assert.equal((await run({ 'index.html': PAGE, 'public/index.html': PAGE })).options['siteDir'], '.');
    assert.equal((await run({ 'public/index.html': PAGE, 'docs/index.html': PAGE })).options['siteDir'], 'public');
    assert.equal((await run({ 'docs/index.html': PAGE, 'docs/guide.html': PAGE })).options['siteDir'], 'docs');
    const root = await run({ 'index.html': PAGE });
    assert.equal(root.confidence, 0.8);
    assert.match((root.notes ?? []).join('\n'), /served from the project root/);
  });

  it('reads SPA rewrites from every hosting config it knows', async function () {
    const cases: Array<Record<string, string>> = [
      { 'dist/index.html': PAGE, 'dist/_redirects': '/*  /index.html  200\n' },
      { 'index.html': PAGE, 'netlify.toml': '[[redirects]]\n  from = "/*"\n  to = "/index.html"\n  status = 200\n' },
      { 'index.html': PAGE, 'vercel.json': '{"rewrites":[{"source":"/(.*)","destination":"/index.html"}]}' },
      { 'index.html': PAGE, 'static.json': '{"root":"dist","routes":{"/**":"index.html"}}' },
      {
        'public/index.html': PAGE,
        'firebase.json': '{"hosting":{"public":"public","rewrites":[{"source":"**","destination":"/index.html"}]}}',
      },
      { 'index.html': PAGE, 'staticwebapp.config.json': '{"navigationFallback":{"rewrite":"/index.html"}}' },
    ];
    for (const files of cases) {
      const r = await run(files);
      assert.equal(r.options['spaFallback'], true, JSON.stringify(Object.keys(files)));
    }
    // A redirect that is not a 200 rewrite is not SPA routing.
    assert.equal((await run({ 'index.html': PAGE, _redirects: '/old /new 301\n' })).options['spaFallback'], undefined);
  });

  it('guesses an app shell only for a lone index.html with an empty mount element and a script', async function () {
    assert.equal(looksLikeAppShell(SHELL), true);
    assert.equal(looksLikeAppShell(PAGE), false);
    assert.equal((await run({ 'index.html': SHELL })).options['spaFallback'], true);
    assert.equal((await run({ 'index.html': SHELL, 'about.html': PAGE })).options['spaFallback'], undefined);
    assert.equal((await run({ 'index.html': SHELL, 'blog/index.html': PAGE })).options['spaFallback'], undefined);
  });

  it('uses 404.html as the not-found page, except for single-page apps', async function () {
    assert.equal((await run({ 'index.html': PAGE, '404.html': PAGE })).options['notFoundPage'], '/404.html');
    assert.equal(
      (await run({ 'index.html': PAGE, '404.html': PAGE, _redirects: '/* /index.html 200' })).options['notFoundPage'],
      undefined,
    );
  });

  it('builds with npm when package.json has a build script, finding the output folder', async function () {
    const r = await run({
      'package.json': JSON.stringify({ name: 'site', scripts: { build: 'eleventy' } }),
      'package-lock.json': '{}',
      '.nvmrc': 'v22.11.0\n',
    });
    assert.equal(r.options['buildScript'], 'build');
    assert.equal(r.options['siteDir'], '_site');
    assert.equal(r.options['lockfile'], true);
    assert.equal(r.options['nodeVersion'], '22.11.0');
    assert.equal(r.confidence, 0.5);
    const yarn = await run({
      'package.json': JSON.stringify({ scripts: { build: 'vite build' }, devDependencies: { vite: '^8' } }),
      'yarn.lock': '',
    });
    assert.equal(yarn.options['lockfile'], false);
    assert.match((yarn.notes ?? []).join('\n'), /yarn\.lock found/);
    assert.match((yarn.notes ?? []).join('\n'), /vite in package\.json/);
  });

  it('finds output folders from flags, tool defaults and .gitignore', async function () {
    const view = memoryView({ '.gitignore': 'node_modules\n/out/\n' });
    assert.equal((await outputDir(view, 'vite build --outDir public_html')).dir, 'public_html');
    assert.equal((await outputDir(view, 'parcel build src/index.html --dist-dir=www')).dir, 'www');
    assert.equal((await outputDir(view, 'react-scripts build')).dir, 'build');
    assert.equal((await outputDir(view, 'vitepress build docs')).dir, 'docs/.vitepress/dist');
    assert.equal((await outputDir(view, 'node scripts/build.js')).dir, 'out');
    assert.equal((await outputDir(memoryView({}), 'node build.js')).dir, 'dist');
    // A flag value that leaves the project is ignored.
    assert.equal((await outputDir(memoryView({}), 'tool --outdir ../elsewhere')).dir, 'dist');
  });

  it('names the app from package.json, then CNAME, then the page title', async function () {
    assert.equal((await run({ 'index.html': PAGE, CNAME: 'www.example.org\n' })).options['appName'], 'www.example.org');
    assert.equal((await run({ 'index.html': '<title>My Great Site!</title>' })).options['appName'], 'my-great-site');
    assert.equal((await run({ 'index.html': PAGE, 'package.json': '{"name":"@acme/site"}' })).options['appName'], '@acme/site');
    assert.equal(repositoryUrl({ repository: 'github:acme/site' }), 'https://github.com/acme/site');
    assert.equal(repositoryUrl({ repository: { url: 'git+ssh://git@github.com/acme/site.git' } }), 'https://github.com/acme/site');
  });

  it('steps aside when another stack owns the project', async function () {
    const r = await run({ 'static/index.html': PAGE, 'requirements.txt': 'flask\n' });
    assert.equal(r.confidence, 0.2);
    assert.match((r.notes ?? []).join('\n'), /requirements\.txt \(python\)/);
  });

  it('renders every routing mode into a config that names the right fallback', async function () {
    const stack = await loadStack(stackDir);
    const meta = { generatorVersion: GENERATOR_VERSION, regenerate: 'dockstack add static --force' };
    const df = (values: Record<string, unknown>): string =>
      render(stack, resolveOptions(stack.schema, [{ source: 'test', values }]).values, meta).find((f) => f.path === 'Dockerfile')
        ?.content ?? '';
    assert.match(df({ spaFallback: true }), /try_files \$uri \$uri\/ \/index\.html;/);
    assert.match(df({}), /try_files \$uri \$uri\.html \$uri\/ =404;/);
    assert.match(df({ cleanUrls: false }), /try_files \$uri \$uri\/ =404;/);
    assert.doesNotMatch(df({ spaFallback: true, notFoundPage: '/404.html' }), /error_page/);
    assert.match(df({ assetCaching: 'none' }), /default "no-cache";\n\s+}/);
    assert.doesNotMatch(df({ securityHeaders: false }), /X-Frame-Options/);
    assert.match(df({ port: 9090 }), /port="\$\{PORT:-9090\}"[\s\S]*EXPOSE 9090[\s\S]*\/dev\/tcp\/127\.0\.0\.1\/\$\{PORT:-9090\}/);
    assert.match(
      df({ buildScript: 'build', siteDir: 'out' }),
      /FROM \$\{NODE_IMAGE\} AS build[\s\S]*COPY --link --from=build \/app\/out\/ \/usr\/share\/nginx\/html\//,
    );
    // The Cache-Control header is never sent with an error (a cached 404 would outlive the fix).
    assert.match(df({}), /add_header Cache-Control \$cache_control;\n/);
  });

  it('keeps the .dockerignore from excluding the served folder', async function () {
    const stack = await loadStack(stackDir);
    const meta = { generatorVersion: GENERATOR_VERSION, regenerate: 'x' };
    const ignore = (values: Record<string, unknown>): string =>
      render(stack, resolveOptions(stack.schema, [{ source: 'test', values }]).values, meta).find((f) => f.path === '.dockerignore')
        ?.content ?? '';
    assert.doesNotMatch(ignore({ siteDir: 'dist' }), /^dist$/m);
    assert.match(ignore({ siteDir: 'dist', buildScript: 'build' }), /^dist$/m);
    assert.match(ignore({ siteDir: '.' }), /^package\.json$/m);
    assert.doesNotMatch(ignore({ siteDir: '.', buildScript: 'build' }), /^package\.json$/m);
  });
});
