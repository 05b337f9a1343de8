import {
  defineDetector,
  dependencyNames,
  findings,
  nodeVersion,
  propose as set,
  proposeLicenseFile,
  proposePackageLabels,
  readPackageJson,
  result,
  scripts,
  type Findings,
  type PackageJson,
  type ProjectView,
} from '@dockstack/plugin-api';
import { looksLikeAppShell, spaSignals } from './hosting.js';
import { outputDir } from './output-dir.js';
import { findSite, hasNestedPages, OTHER_STACKS, OUTPUT_DIRS } from './site.js';
import { readStaticfile } from './staticfile.js';

/** Dependencies whose presence means a framework build the node stack knows in more depth. */
const FRAMEWORKS = [
  'vite',
  'react-scripts',
  'next',
  'nuxt',
  '@sveltejs/kit',
  'astro',
  '@angular/cli',
  '@vue/cli-service',
  'parcel',
  'gatsby',
];

async function buildMode(p: ProjectView, pkg: PackageJson, script: string, d: Findings): Promise<string> {
  set(d, 'buildScript', 'build', `package.json has a build script (\`${script.slice(0, 80)}\`)`);
  d.reasons.push({ file: 'package.json', says: `scripts.build: ${script.slice(0, 80)}` });
  const out = await outputDir(p, script);
  set(d, 'siteDir', out.dir, out.why);
  const lock = await p.exists('package-lock.json');
  set(
    d,
    'lockfile',
    lock,
    lock ? 'package-lock.json is committed: `npm ci`' : 'no package-lock.json: `npm install --no-package-lock`, not reproducible',
  );
  if (!lock)
    d.notes.push(
      'no package-lock.json: the build installs whatever versions npm resolves today; run `npm install` and commit package-lock.json',
    );
  for (const [file, pm] of [
    ['pnpm-lock.yaml', 'pnpm'],
    ['yarn.lock', 'yarn'],
  ] as const) {
    if (await p.exists(file))
      d.notes.push(
        `${file} found: this stack builds with npm; the node stack (framework spa) installs with ${pm} and serves the output the same way`,
      );
  }
  const node = await nodeVersion(p, pkg);
  if (node !== undefined) set(d, 'nodeVersion', node.version, `${node.source} asks for Node.js ${node.version}`);
  const frameworks = dependencyNames(pkg).filter((n) => FRAMEWORKS.includes(n));
  if (frameworks.length > 0)
    d.notes.push(
      `${frameworks.join(', ')} in package.json: the node stack knows this framework's build and output; this stack runs \`npm run build\` and serves ${out.dir}/`,
    );
  return out.dir;
}

/** appName when package.json has none: the CNAME domain, else the home page's title. */
async function appName(p: ProjectView, siteDir: string, d: Findings): Promise<void> {
  if (d.options['appName'] !== undefined) return;
  for (const file of ['CNAME', siteDir === '.' ? '' : `${siteDir}/CNAME`].filter(Boolean)) {
    const host = (await p.readText(file))?.trim();
    if (host !== undefined && /^[a-z0-9]([a-z0-9.-]{0,126}[a-z0-9])?$/i.test(host))
      return set(d, 'appName', host.toLowerCase(), `${file} names the site's domain`);
  }
  const html = await p.readText(siteDir === '.' ? 'index.html' : `${siteDir}/index.html`);
  const title = html === undefined ? undefined : /<title>([^<]{1,200})<\/title>/i.exec(html)?.[1];
  const slug = title
    ?.toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  if (slug !== undefined && /^[a-z0-9]/.test(slug)) set(d, 'appName', slug, `the home page's title is "${title?.trim() ?? ''}"`);
}

/** Detects plain sites and single-page apps: where the files are, whether a build makes them, how to route. */
export const detect = defineDetector(async (p) => {
  const d = findings();
  const pkg = await readPackageJson(p);
  const build = scripts(pkg)['build'];
  let siteDir: string;
  let pages: string[] = [];
  let multiPage = false;
  const staticfile = build === undefined ? await readStaticfile(p) : undefined;
  if (pkg !== undefined && build !== undefined) {
    siteDir = await buildMode(p, pkg, build, d);
  } else {
    const site = await findSite(p, new Set(), staticfile?.root);
    if (site === undefined) {
      if (staticfile !== undefined)
        d.notes.push(`Staticfile found but ${staticfile.root === '.' ? '' : `${staticfile.root}/`}index.html is missing: nothing to serve`);
      return staticfile === undefined ? null : result(d, 0.3);
    }
    if (staticfile !== undefined) {
      d.reasons.push(staticfile.evidence);
      if (staticfile.ignored.length > 0)
        d.notes.push(`Staticfile ${staticfile.ignored.join(', ')}: not carried over into the nginx configuration`);
    }
    siteDir = site.dir;
    pages = site.pages;
    multiPage = pages.filter((f) => !/^(index|404)\.html?$/i.test(f)).length > 0 || (await hasNestedPages(p, site));
    d.reasons.push({
      file: siteDir === '.' ? 'index.html' : `${siteDir}/index.html`,
      says: `home page; ${pages.length} page(s) beside it${multiPage ? ', more in subfolders or beside it' : ''}`,
    });
    set(
      d,
      'siteDir',
      siteDir,
      staticfile !== undefined
        ? `Staticfile ${staticfile.root === '.' ? 'has no root: the project root' : `root: ${staticfile.root}`} is the folder served`
        : siteDir === '.'
          ? 'index.html is at the project root'
          : `${siteDir}/index.html is the first home page found (root, then ${['public', 'dist', 'build', '_site', 'site', 'docs'].join(', ')}...)`,
    );
    if (siteDir === '.')
      d.notes.push(
        'the site is served from the project root: every file not listed in .dockerignore is published; check it before deploying',
      );
    if (OUTPUT_DIRS.has(siteDir))
      d.notes.push(`${siteDir}/ is served as committed; if a tool generates it, add a build script so the image builds it`);
  }

  const signals = await spaSignals(p, [siteDir]);
  if (staticfile?.pushstate === true)
    signals.unshift({ file: 'Staticfile', says: 'pushstate: enabled (every path answers with index.html)' });
  if (signals.length > 0) {
    d.reasons.push(...signals);
    set(d, 'spaFallback', true, `${signals[0]?.file ?? ''} ${signals[0]?.says ?? ''}`);
  } else if (!multiPage) {
    const shell = await p.readText(build !== undefined ? 'index.html' : siteDir === '.' ? 'index.html' : `${siteDir}/index.html`);
    if (shell !== undefined && looksLikeAppShell(shell)) {
      set(d, 'spaFallback', true, 'a lone index.html with an empty mount element and a script: an app shell that routes on the client');
      d.notes.push(
        'single-page app guessed from its index.html; if it is a one-page site instead, --set spaFallback=false makes unknown paths 404',
      );
    }
  }
  if (d.options['spaFallback'] !== true && pages.some((f) => f.toLowerCase() === '404.html')) {
    set(d, 'notFoundPage', '/404.html', `${siteDir === '.' ? '' : `${siteDir}/`}404.html exists`);
  }
  proposePackageLabels(d, pkg);
  await appName(p, siteDir, d);
  if (d.options['license'] === undefined) await proposeLicenseFile(p, d);

  const others: string[] = [];
  for (const [file, stack] of OTHER_STACKS) if (await p.exists(file)) others.push(`${file} (${stack})`);
  if (others.length > 0)
    d.notes.push(`${others.join(', ')} found: this index.html may belong to an app of another stack, which would serve it itself`);
  let confidence = build !== undefined ? 0.5 : siteDir === '.' ? 0.8 : 0.7;
  if (pkg !== undefined && build === undefined) confidence = 0.6;
  if (staticfile !== undefined && build === undefined) confidence = 0.9;
  if (others.length > 0) confidence = 0.2;
  return result(d, confidence);
});
