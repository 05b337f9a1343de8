import { firstText, get, stringOf, tableOf, type ProjectView } from '@dockstack/plugin-api';

/** The config files Vite reads, in its order. */
const VITE_CONFIGS = ['vite.config.js', 'vite.config.mjs', 'vite.config.ts', 'vite.config.cjs', 'vite.config.mts', 'vite.config.cts'];

export interface FrameworkGuess {
  framework: string;
  why: string;
  options: Record<string, unknown>;
  /** Something the user must do for the image to work, shown as a note by `init` and `detect`. */
  note?: string;
}

type Deps = Record<string, string>;

async function nextStandalone(p: ProjectView): Promise<{ standalone: boolean; file?: string }> {
  const config = await firstText(p, ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs']);
  return config === undefined
    ? { standalone: false }
    : { standalone: /output\s*:\s*['"`]standalone['"`]/.test(config.text), file: config.file };
}

/** Next.js `output: 'export'` (static files in out/, or the config's distDir). */
async function nextExport(p: ProjectView): Promise<{ outputDir: string; file: string } | undefined> {
  const config = await firstText(p, ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs']);
  if (config === undefined || !/output\s*:\s*['"`]export['"`]/.test(config.text)) return undefined;
  const distDir = /distDir\s*:\s*['"`]([A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*)['"`]/.exec(config.text)?.[1];
  return { outputDir: distDir ?? 'out', file: config.file };
}

/**
 * An Angular CLI application (angular.json): its output folder, and its server entry when it renders on
 * the server (`@angular/ssr` with the application builder's `server`/`ssr` options).
 */
async function angularApp(p: ProjectView, deps: Deps): Promise<FrameworkGuess | undefined> {
  const builder = ['@angular/build', '@angular-devkit/build-angular'].find((d) => d in deps);
  if (!('@angular/core' in deps) || builder === undefined) return undefined;
  const config = await p.readJsonc('angular.json');
  const projects = tableOf(get(config, 'projects')) ?? {};
  const entry = Object.entries(projects).find(([, v]) => stringOf(get(v, 'projectType')) === 'application');
  if (entry === undefined) return undefined;
  const [name, project] = entry;
  const build = get(project, 'architect', 'build');
  const kind = stringOf(get(build, 'builder')) ?? '';
  const options = get(build, 'options');
  const raw = get(options, 'outputPath');
  const base = (typeof raw === 'string' ? raw : stringOf(get(raw, 'base'))) ?? `dist/${name}`;
  const browserSub = stringOf(get(raw, 'browser')) ?? 'browser';
  const safe = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
  if (!safe.test(base) || !(browserSub === '' || safe.test(browserSub))) return undefined;
  // The application builder (Angular 17+) writes browser files to <outputPath>/browser; the older
  // browser builder writes them to <outputPath> itself.
  const application = /:application$/.test(kind);
  const browserDir = application && browserSub !== '' ? `${base}/${browserSub}` : base;
  const ssr = application && '@angular/ssr' in deps && (get(options, 'server') !== undefined || get(options, 'ssr') !== undefined);
  if (ssr) {
    const serverSub = stringOf(get(raw, 'server')) ?? 'server';
    return {
      framework: 'angular',
      why: `Angular (angular.json project "${name}") renders on the server with @angular/ssr: node ${base}/${serverSub}/server.mjs`,
      options: { startCommand: `node ${base}/${serverSub}/server.mjs`, buildScript: 'build' },
    };
  }
  return {
    framework: 'spa',
    why: `Angular (angular.json project "${name}", ${kind || 'no builder'}) builds a static single-page app into ${browserDir}/`,
    options: { outputDir: browserDir },
  };
}

async function astroHasNodeAdapter(p: ProjectView, deps: Deps): Promise<boolean> {
  if (!('@astrojs/node' in deps)) return false;
  const text = (await firstText(p, ['astro.config.mjs', 'astro.config.ts', 'astro.config.js']))?.text;
  return text === undefined || /output\s*:\s*['"](server|hybrid)['"]/.test(text) || /adapter\s*:/.test(text);
}

/** Names the framework from dependencies and config files, most specific first. */
export async function guessFramework(p: ProjectView, deps: Deps): Promise<FrameworkGuess | undefined> {
  if ('next' in deps) {
    const exported = await nextExport(p);
    if (exported !== undefined)
      return {
        framework: 'spa',
        why: `dependency "next"; ${exported.file} sets output: 'export' (static files in ${exported.outputDir}/)`,
        options: { outputDir: exported.outputDir, spaFallback: false },
      };
    const { standalone, file } = await nextStandalone(p);
    const publicDir = await p.exists('public');
    return {
      framework: 'next',
      why: `dependency "next"${standalone ? `; ${file} sets output: 'standalone'` : file ? `; ${file} has no standalone output, so \`next start\` with production node_modules` : ''}`,
      options: { standalone, publicDir },
    };
  }
  if ('nuxt' in deps) return { framework: 'nuxt', why: 'dependency "nuxt" (Nitro builds a self-contained .output)', options: {} };
  if ('@react-router/serve' in deps || '@react-router/dev' in deps)
    return { framework: 'react-router', why: 'dependency "@react-router/serve"', options: {} };
  if ('@remix-run/serve' in deps || '@remix-run/node' in deps)
    return { framework: 'remix', why: 'dependency "@remix-run/serve"', options: {} };
  if ('@sveltejs/kit' in deps) {
    if ('@sveltejs/adapter-static' in deps && !('@sveltejs/adapter-node' in deps)) {
      return {
        framework: 'spa',
        why: 'SvelteKit with adapter-static builds a static site into build/',
        options: { outputDir: 'build', spaFallback: false },
      };
    }
    if (!('@sveltejs/adapter-node' in deps))
      return {
        framework: 'sveltekit',
        why: 'dependency "@sveltejs/kit" without @sveltejs/adapter-node: `node build` needs adapter-node (adapter-auto builds no server outside a known host)',
        options: {},
        note: 'SvelteKit without @sveltejs/adapter-node: adapter-auto writes no server outside the hosts it knows, so the image build stops with "build/index.js missing"; install @sveltejs/adapter-node and use it in svelte.config.js',
      };
    return { framework: 'sveltekit', why: 'dependency "@sveltejs/kit" with adapter-node (node build)', options: {} };
  }
  if ('astro' in deps) {
    if (await astroHasNodeAdapter(p, deps))
      return {
        framework: 'astro',
        why: 'dependency "astro" with the @astrojs/node adapter (server output)',
        options: { startCommand: 'node ./dist/server/entry.mjs' },
      };
    return {
      framework: 'spa',
      why: 'Astro without a server adapter builds a static site into dist/',
      options: { outputDir: 'dist', spaFallback: false },
    };
  }
  const angular = await angularApp(p, deps);
  if (angular !== undefined) return angular;
  if ('@nestjs/core' in deps) return { framework: 'nest', why: 'dependency "@nestjs/core"', options: {} };
  if ('react-scripts' in deps)
    return { framework: 'spa', why: 'Create React App builds static files into build/', options: { outputDir: 'build' } };
  if ('vite' in deps || '@vitejs/plugin-react' in deps) {
    // Vite reads vite.config.{js,mjs,ts,cjs,mts,cts} (Nx writes .mts); outDir './dist/app' is the folder dist/app
    const config = (await firstText(p, VITE_CONFIGS))?.text ?? '';
    const outDir = /outDir\s*:\s*['"](?:\.\/)?([A-Za-z0-9_.-][A-Za-z0-9_./-]*)['"]/.exec(config)?.[1]?.replace(/\/+$/, '');
    return {
      framework: 'spa',
      why: `dependency "vite" without a server framework: a static single-page app${outDir ? ` (vite.config outDir "${outDir}")` : ''}`,
      options: { outputDir: outDir ?? 'dist' },
    };
  }
  for (const server of ['express', 'fastify', 'koa'] as const) {
    if (server in deps) return { framework: server, why: `dependency "${server}"`, options: {} };
  }
  return undefined;
}
