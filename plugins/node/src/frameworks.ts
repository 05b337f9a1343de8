import type { ProjectView } from '@dockstack/plugin-api';

export interface FrameworkGuess {
  framework: string;
  why: string;
  options: Record<string, unknown>;
}

type Deps = Record<string, string>;

async function nextStandalone(p: ProjectView): Promise<{ standalone: boolean; file?: string }> {
  for (const file of ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs']) {
    const text = await p.readText(file);
    if (text === undefined) continue;
    return { standalone: /output\s*:\s*['"`]standalone['"`]/.test(text), file };
  }
  return { standalone: false };
}

async function astroHasNodeAdapter(p: ProjectView, deps: Deps): Promise<boolean> {
  if (!('@astrojs/node' in deps)) return false;
  for (const file of ['astro.config.mjs', 'astro.config.ts', 'astro.config.js']) {
    const text = await p.readText(file);
    if (text !== undefined) return /output\s*:\s*['"](server|hybrid)['"]/.test(text) || /adapter\s*:/.test(text);
  }
  return true;
}

/** Names the framework from dependencies and config files, most specific first. */
export async function guessFramework(p: ProjectView, deps: Deps): Promise<FrameworkGuess | undefined> {
  if ('next' in deps) {
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
  if ('@nestjs/core' in deps) return { framework: 'nest', why: 'dependency "@nestjs/core"', options: {} };
  if ('react-scripts' in deps)
    return { framework: 'spa', why: 'Create React App builds static files into build/', options: { outputDir: 'build' } };
  if ('vite' in deps || '@vitejs/plugin-react' in deps) {
    const config =
      (await p.readText('vite.config.ts')) ?? (await p.readText('vite.config.js')) ?? (await p.readText('vite.config.mjs')) ?? '';
    const outDir = /outDir\s*:\s*['"]([A-Za-z0-9_./-]+)['"]/.exec(config)?.[1];
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
