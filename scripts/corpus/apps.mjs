// The corpus: which scaffolding tool (pinned) makes each app, with which package manager, and what
// "works" means for it (the check the runner applies). Read by regenerate.mjs; the runner reads the
// resulting test/corpus/corpus.json only.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Stands for the registry's URL in committed lockfiles that must name one; the runner maps it back. */
export const REGISTRY_PLACEHOLDER = 'https://dockstack-registry.invalid';

const V = {
  vite: '9.3.0',
  next: '16.4.3',
  sv: '0.17.1',
  nest: '12.0.15',
  express: '4.16.1',
  fastify: '8.0.2',
  angular: '22.2.7',
  bun: '1.3.14',
  deno: '2.9.6',
  vue: '3.24.0',
  nx: '23.2.1',
};
// Tools that refuse Node 20 (the machine's) run on a Node from the npm registry's `node` package.
const NODE_FOR_TOOLS = 'node@24';

const html = (contains, status = 200) => ({ http: { path: '/', status, contains } });
const pms = ['npm', 'pnpm', 'yarn'];
const nextFlag = { npm: '--use-npm', pnpm: '--use-pnpm', yarn: '--use-yarn' };

/**
 * Package-manager setups beyond the machine's npm, pnpm 10 and yarn 1: the pinned version that writes the
 * lockfile (regenerate.mjs runs it), and how it appears in app ids. yarn 4 is put in place as its docs say,
 * `corepack use yarn@<version>` (writes `packageManager` and installs); its default linker is Plug'n'Play,
 * and `-nm` apps set `nodeLinker: node-modules` in .yarnrc.yml first. pnpm 8 and 9 write the lockfile
 * formats 6.0 and 9.0 and, run from npx as a user with that pnpm installed would, name no `packageManager`.
 */
export const PM_SETUPS = {
  'pnpm@8': { base: 'pnpm', version: '8.15.9', suffix: 'pnpm8' },
  'pnpm@9': { base: 'pnpm', version: '9.15.9', suffix: 'pnpm9' },
  'yarn@4-nm': { base: 'yarn', version: '4.18.1', linker: 'node-modules', suffix: 'yarn4-nm' },
  'yarn@4-pnp': { base: 'yarn', version: '4.18.1', linker: 'pnp', suffix: 'yarn4-pnp' },
};
/** How regenerate.mjs makes a setup's lockfile (recorded in corpus.json as `lockedWith`). */
export function lockedWith(pm) {
  const setup = PM_SETUPS[pm];
  if (setup === undefined) return undefined;
  if (setup.base === 'pnpm') return `npx --yes pnpm@${setup.version} install --lockfile-only --ignore-scripts`;
  return `${setup.linker === 'node-modules' ? "echo 'nodeLinker: node-modules' > .yarnrc.yml && " : ''}corepack use yarn@${setup.version}`;
}
/** The package manager's own name (what a scaffolder's `--package-manager` takes) and the id suffix. */
const pmBase = (pm) => PM_SETUPS[pm]?.base ?? pm;
const pmSuffix = (pm) => PM_SETUPS[pm]?.suffix ?? pm;

/** Rewrites one file of a scaffolded app (a documented configuration step, recorded in corpus.json). */
const edit = (file, from, to) => (dir) => {
  const p = path.join(dir, file);
  const text = readFileSync(p, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} no longer contains ${JSON.stringify(from)}: update scripts/corpus/apps.mjs`);
  writeFileSync(p, text.replace(from, to));
};

const vite = (template, pm, edited = 'index.html') => ({
  id: `vite-${template}-${pmSuffix(pm)}`,
  stack: pm === 'bun' ? 'bun' : 'node',
  tool: 'create-vite',
  toolVersion: V.vite,
  pm,
  scaffold: (id) => ['npx', '--yes', `create-vite@${V.vite}`, id, '--template', template, '--no-interactive'],
  check: html(`<title>vite-${template}-${pmSuffix(pm)}</title>`),
  edit: edited,
});

// create-vue (Vue's own scaffolder; its templates ship in the package): `--default` is the plain app,
// feature flags add TypeScript, the router and Pinia.
const vue = (pm, features = []) => ({
  id: ['vue', ...features.map((f) => f.replace(/^--/, '')), pmSuffix(pm)].join('-'),
  stack: 'node',
  tool: 'create-vue',
  toolVersion: V.vue,
  pm,
  scaffold: (id) => ['npx', '--yes', `create-vue@${V.vue}`, id, ...(features.length ? features : ['--default'])],
  check: html('<title>Vite App</title>'),
  edit: 'index.html',
});

// `--empty` (create-next-app's minimal app) except for one app on the default template: the default
// layout loads Geist through next/font/google, which fetches Google Fonts at build time (unreachable here).
const next = (mode, pm, template = 'empty') => ({
  id: template === 'empty' ? `next-${mode}-${pm}` : `next-${template}-${mode}-${pm}`,
  stack: 'node',
  tool: 'create-next-app',
  toolVersion: V.next,
  pm,
  scaffold: (id) => [
    'npx',
    '--yes',
    `create-next-app@${V.next}`,
    id,
    '--ts',
    '--app',
    '--eslint',
    '--no-tailwind',
    '--no-src-dir',
    '--import-alias',
    '@/*',
    nextFlag[pm],
    '--skip-install',
    '--disable-git',
    '--yes',
    ...(template === 'empty' ? ['--empty'] : []),
  ],
  ...(mode === 'server'
    ? {}
    : {
        post: [
          edit('next.config.ts', '/* config options here */', `/* config options here */\n  output: "${mode}",`),
          // The template turns on Cache Components, which a static export refuses ("PPR cannot be enabled in export mode").
          // and partialPrefetching needs Cache Components ("`partialPrefetching` requires `cacheComponents`").
          ...(mode === 'export'
            ? [edit('next.config.ts', 'cacheComponents: true', 'cacheComponents: false'), edit('next.config.ts', 'partialPrefetching: true', 'partialPrefetching: false')]
            : []),
        ],
        postNote: `next.config.ts: output: "${mode}" added (Next.js docs' deployment setting)${mode === 'export' ? '; cacheComponents: false and partialPrefetching: false (static export does not support them)' : ''}`,
      }),
  check: html('Create Next App'),
  edit: 'app/layout.tsx',
});

const sveltekit = (adapter, pm) => ({
  id: `sveltekit-${adapter}-${pmSuffix(pm)}`,
  stack: 'node',
  tool: 'sv',
  toolVersion: V.sv,
  pm,
  scaffold: (id) => [
    'npx',
    '--yes',
    `sv@${V.sv}`,
    'create',
    id,
    '--template',
    'minimal',
    '--types',
    'ts',
    ...(adapter === 'node' ? ['--add', 'sveltekit-adapter=adapter:node'] : ['--no-add-ons']),
    '--no-install',
  ],
  check: html('Welcome to SvelteKit'),
  edit: 'src/routes/+page.svelte',
});

const nest = (pm) => ({
  id: `nest-${pmSuffix(pm)}`,
  stack: 'node',
  tool: '@nestjs/cli',
  toolVersion: V.nest,
  pm,
  scaffold: (id) => ['npx', '--yes', `@nestjs/cli@${V.nest}`, 'new', id, '--package-manager', pmBase(pm), '--skip-install', '--skip-git'],
  check: html('Hello World!'),
  edit: 'src/app.service.ts',
});

const express = (view, pm) => ({
  id: `express-${view}-${pmSuffix(pm)}`,
  stack: 'node',
  tool: 'express-generator',
  toolVersion: V.express,
  pm,
  scaffold: (id) => ['npx', '--yes', `express-generator@${V.express}`, view === 'static' ? '--no-view' : `--view=${view}`, id],
  check: html(view === 'static' ? 'Welcome to Express' : 'Express'),
  edit: view === 'static' ? 'public/index.html' : 'routes/index.js',
});

const fastify = (lang, pm) => ({
  id: `fastify-${lang}-${pmSuffix(pm)}`,
  stack: 'node',
  tool: 'fastify-cli',
  toolVersion: V.fastify,
  pm,
  scaffold: (id) => ['npx', '--yes', `fastify-cli@${V.fastify}`, 'generate', id, ...(lang === 'ts' ? ['--lang=ts'] : [])],
  check: html('root'),
  edit: lang === 'ts' ? 'src/routes/root.ts' : 'routes/root.js',
});

// `ssr`: `ng new --ssr` (Angular's server rendering with its Express server, dist/<name>/server/server.mjs).
const angular = (pm, ssr = false) => {
  const id = `angular-${ssr ? 'ssr-' : ''}${pmSuffix(pm)}`;
  const title = id.replace(/(^|-)(\w)/g, (_m, _d, c) => c.toUpperCase());
  return {
    id,
    stack: 'node',
    tool: '@angular/cli',
    toolVersion: V.angular,
    pm,
    scaffold: (name) => [
      'npx',
      '--yes',
      '-p',
      NODE_FOR_TOOLS,
      '-p',
      `@angular/cli@${V.angular}`,
      'ng',
      'new',
      name,
      '--defaults',
      '--skip-install',
      '--skip-git',
      '--package-manager',
      pmBase(pm),
      ssr ? '--ssr' : '--ssr=false',
    ],
    check: html(`<title>${title}</title>`),
    edit: 'src/index.html',
  };
};

// Python apps: the versions Debian trixie packages, which the local PyPI mirror serves as wheels
// (scripts/mirrors/pypi/). The runner starts that mirror for them (`mirror: 'pypi'`).
const PY = { django: '4.2.28', flask: '3.1.1', fastapi: '0.115.11', uvicorn: '0.32.0', gunicorn: '23.0.0' };
/** Writes a file of a scaffolded app (a documented step, recorded in corpus.json as `after`). */
const write = (file, text) => (dir) => writeFileSync(path.join(dir, file), text);
const requirements = (...lines) => write('requirements.txt', `${lines.join('\n')}\n`);

export const PYTHON_APPS = [
  {
    // Django's own scaffolder, from Debian's python3-django (the mirror's Django wheel in a scratch venv);
    // a project name must be an identifier, so the tutorial's `mysite` goes into the app's directory.
    id: 'django-startproject',
    stack: 'python',
    packageManager: 'pip',
    tool: 'django-admin',
    toolVersion: 'system',
    pip: [`Django==${PY.django}`],
    mirror: 'pypi',
    scaffold: (id) => ['sh', '-c', `mkdir ${id} && django-admin startproject mysite ${id}`],
    post: [requirements(`Django==${PY.django}`, `gunicorn==${PY.gunicorn}`)],
    postNote: `requirements.txt: Django==${PY.django} and gunicorn==${PY.gunicorn} (Django's "How to use Django with Gunicorn"; the versions Debian trixie packages)`,
    // DEBUG is on in the scaffolded settings: "/" is Django's own welcome page (its text is Django's, not the scaffold's).
    check: html('The install worked successfully!'),
    checkFromScaffold: false,
    edit: 'mysite/urls.py',
  },
  {
    // Flask has no scaffolder: the quickstart's "A Minimal Application", saved as hello.py as the docs say.
    id: 'flask-quickstart',
    stack: 'python',
    packageManager: 'pip',
    tool: 'Flask quickstart',
    toolVersion: PY.flask,
    mirror: 'pypi',
    scaffold: (id) => ['mkdir', id],
    post: [
      write(
        'hello.py',
        'from flask import Flask\n\napp = Flask(__name__)\n\n@app.route("/")\ndef hello_world():\n    return "<p>Hello, World!</p>"\n',
      ),
      requirements(`Flask==${PY.flask}`, `gunicorn==${PY.gunicorn}`),
    ],
    postNote: `hello.py: Flask's quickstart "A Minimal Application"; requirements.txt: Flask==${PY.flask} and gunicorn==${PY.gunicorn} (Flask's "Deploying to Production" with Gunicorn)`,
    check: html('Hello, World!'),
    edit: 'hello.py',
  },
  {
    // FastAPI has no scaffolder: the tutorial's "First Steps" main.py. The tutorial installs fastapi[standard];
    // the mirror serves fastapi and plain uvicorn (uvicorn[standard] needs httptools>=0.5.0, Debian has 0.1.1;
    // fastapi[standard] needs fastapi-cli, which the mirror lacks).
    id: 'fastapi-first-steps',
    stack: 'python',
    packageManager: 'pip',
    tool: 'FastAPI tutorial',
    toolVersion: PY.fastapi,
    mirror: 'pypi',
    scaffold: (id) => ['mkdir', id],
    post: [
      write(
        'main.py',
        'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/")\nasync def root():\n    return {"message": "Hello World"}\n',
      ),
      requirements(`fastapi==${PY.fastapi}`, `uvicorn==${PY.uvicorn}`),
    ],
    postNote: `main.py: FastAPI's tutorial "First Steps"; requirements.txt: fastapi==${PY.fastapi} and uvicorn==${PY.uvicorn} (plain uvicorn: uvicorn[standard] needs an httptools newer than Debian's 0.1.1)`,
    check: html('"Hello World"'),
    edit: 'main.py',
  },
];

export const APPS = [
  vite('vanilla', 'npm'),
  vite('vanilla-ts', 'pnpm'),
  vite('react-ts', 'npm'),
  vite('react-ts', 'pnpm'),
  vite('react-ts', 'yarn'),
  vite('vue', 'npm'),
  vite('vue-ts', 'yarn'),
  vite('svelte-ts', 'npm'),
  vite('preact', 'pnpm'),
  vite('lit', 'npm'),
  vite('solid', 'yarn'),
  ...pms.map((pm) => express('static', pm)),
  express('pug', 'npm'),
  ...pms.map((pm) => nest(pm)),
  fastify('js', 'npm'),
  fastify('js', 'yarn'),
  fastify('ts', 'pnpm'),
  next('server', 'npm', 'default'),
  ...pms.map((pm) => next('server', pm)),
  next('standalone', 'npm'),
  next('standalone', 'pnpm'),
  next('export', 'npm'),
  next('export', 'yarn'),
  sveltekit('node', 'npm'),
  sveltekit('node', 'pnpm'),
  sveltekit('auto', 'npm'),
  ...pms.map((pm) => angular(pm)),
  angular('npm', true),
  angular('pnpm', true),
  // Package-manager setups the first corpus lacked: yarn 4 with node-modules and with Plug'n'Play, pnpm 8 and 9 lockfiles.
  vite('react-ts', 'yarn@4-nm'),
  vite('vanilla', 'yarn@4-pnp'),
  express('static', 'yarn@4-nm'),
  express('static', 'yarn@4-pnp'),
  nest('yarn@4-nm'),
  vite('react-ts', 'pnpm@8'),
  express('static', 'pnpm@8'),
  vite('vue-ts', 'pnpm@9'),
  fastify('js', 'pnpm@9'),
  vue('npm'),
  vue('pnpm', ['--ts', '--router']),
  vue('yarn@4-pnp', ['--ts']),
  express('ejs', 'pnpm'),
  express('hbs', 'yarn'),
  fastify('js', 'pnpm'),
  sveltekit('node', 'yarn'),
  nest('pnpm@8'),
  vite('svelte-ts', 'yarn@4-pnp'),
  express('pug', 'pnpm@9'),
  // A Vite app whose package manager is bun (bun.lock): create-vite, then `bun install` as its README offers.
  vite('react-ts', 'bun'),
  {
    id: 'rust-cargo-new',
    stack: 'rust',
    tool: 'cargo',
    toolVersion: 'system',
    scaffold: (id) => ['cargo', 'new', '--bin', '--vcs', 'none', id],
    check: { run: { stdout: 'Hello, world!' } },
    edit: 'src/main.rs',
  },
  {
    id: 'go-hello',
    stack: 'go',
    tool: 'go',
    toolVersion: 'system',
    // `go mod init` makes the module; the main is the Go docs' "Tutorial: Get started with Go" program.
    scaffold: (id) => ['sh', '-c', `mkdir ${id} && cd ${id} && go mod init example/hello`],
    post: [
      (dir) =>
        writeFileSync(
          path.join(dir, 'hello.go'),
          'package main\n\nimport "fmt"\n\nfunc main() {\n    fmt.Println("Hello, World!")\n}\n',
        ),
    ],
    postNote: "hello.go: the Go docs' getting-started tutorial program",
    check: { run: { stdout: 'Hello, World!' } },
    edit: 'hello.go',
  },
  {
    // bun's own `bun init` (the npm package `bun` carries the binary); a script, so its output is the check
    id: 'bun-init',
    stack: 'bun',
    tool: 'bun init',
    toolVersion: V.bun,
    scaffold: (id) => ['sh', '-c', `mkdir ${id} && cd ${id} && npx --yes bun@${V.bun} init -y`],
    check: { run: { stdout: 'Hello via Bun!' } },
    edit: 'index.ts',
  },
  ...['npm', 'pnpm'].map((pm) => ({
    // An Nx workspace whose root is the app (create-nx-workspace's react-standalone preset, Vite bundler): the
    // root package.json's `build` is `nx build`, which writes dist/<app> (vite.config's build.outDir).
    id: `nx-react-standalone-${pm}`,
    stack: 'node',
    tool: 'create-nx-workspace',
    toolVersion: V.nx,
    pm,
    scaffold: (id) => [
      'npx',
      '--yes',
      '-p',
      NODE_FOR_TOOLS,
      '-p',
      `create-nx-workspace@${V.nx}`,
      'create-nx-workspace',
      id,
      '--preset=react-standalone',
      `--appName=${id}`,
      '--bundler=vite',
      '--style=css',
      '--e2eTestRunner=none',
      '--unitTestRunner=none',
      '--docker=false',
      '--nxCloud=skip',
      `--packageManager=${pm}`,
      '--no-interactive',
      '--skipGit',
    ],
    check: html('<div id="root"></div>'),
    edit: 'index.html',
  })),
  {
    // `bun init --react`: Bun's full-stack React template (Bun.serve with HTML imports), deps installed by bun init
    id: 'bun-init-react',
    stack: 'bun',
    tool: 'bun init',
    toolVersion: V.bun,
    pm: 'bun',
    scaffold: (id) => ['sh', '-c', `mkdir ${id} && cd ${id} && npx --yes bun@${V.bun} init --react -y`],
    check: html('<title>Bun + React</title>'),
    edit: 'src/index.ts',
  },
  {
    // `deno init` (the npm package `deno` carries the binary): a Deno.serve server with its test
    id: 'deno-init',
    stack: 'deno',
    tool: 'deno init',
    toolVersion: V.deno,
    scaffold: (id) => ['npx', '--yes', `deno@${V.deno}`, 'init', id],
    check: html('Welcome to Deno!'),
    edit: 'main.ts',
  },
  ...PYTHON_APPS,
  {
    // Debian's cabal-install (the haskell stand-in's cabal and GHC): `cabal init` makes an executable package
    // whose app/Main.hs prints a greeting. Hackage is unreachable: regenerate.mjs gives cabal a config without it.
    id: 'haskell-cabal-init',
    stack: 'haskell',
    tool: 'cabal',
    toolVersion: 'system',
    scaffold: (id) => ['sh', '-c', `mkdir ${id} && cd ${id} && cabal init --non-interactive --exe --author=corpus --email=corpus@example.invalid`],
    check: { run: { stdout: 'Hello, Haskell!' } },
    edit: 'app/Main.hs',
    note: "cabal init bounds base to the scaffolding GHC's (base ^>=4.15.1.0: GHC 9.0); the image defaults to haskell:9.12, whose base does not satisfy it. It builds here because the stand-in is Debian's GHC 9.0.2, so this run does not show that",
  },
  {
    // Debian's meson (apt-get install meson): `meson init` writes meson.build and a C++ main
    id: 'cpp-meson-init',
    stack: 'cpp',
    tool: 'meson',
    toolVersion: 'system',
    scaffold: (id) => ['sh', '-c', `mkdir ${id} && cd ${id} && meson init --name hello --language cpp --type executable`],
    check: { run: { stdout: 'This is project ' } },
    edit: 'hello.cpp',
  },
];

/** Tools tried that could not scaffold on this machine, and why (recorded in corpus.json). */
export const NOT_SCAFFOLDED = [
  { tool: 'nuxi', version: '3.37.0', why: 'nuxi init downloads its templates from GitHub: "Failed to download template"' },
  { tool: 'create-react-router', version: '8.4.0', why: 'the default template is fetched from GitHub (remix-run/react-router-templates): "Something went wrong"' },
  { tool: 'create-astro', version: '5.2.4', why: 'templates come from GitHub; under Node 24 it stops with "Unable to connect to the internet" (Node 20 is refused)' },
  { tool: 'deno init --serve', version: '2.9.6', why: 'the template imports @std/http from JSR (jsr:@std/http@1), which is unreachable here; `deno init --lib` makes a library with no server or output' },
  {
    tool: 'create-nx-workspace --preset=node-standalone',
    version: '23.2.1',
    why: 'installs from the npm registry, then stops with "When generating a root project, you must also specify the name option" (with --appName too; on Node 24); the react-standalone preset works and is in the corpus',
  },
  { tool: 'create-turbo', version: '2.11.4', why: 'the template is cloned or downloaded from GitHub (vercel/turborepo examples): "Unable to download template from GitHub"; the node stack\'s workspace handling is proven by the pnpm-workspace and npm-workspace-delegate engine fixtures instead' },
  { tool: 'create-hono', version: '0.19.5', why: 'templates are downloaded from GitHub (giget); it stopped at the install prompt with no template' },
  { tool: 'rails new', version: '-', why: 'no Ruby/Rails on the machine, and the RubyGems registry (bundle install) is not reachable' },
  { tool: 'composer create-project', version: '-', why: 'not installed; Packagist is not reachable, so create-project cannot fetch the skeleton' },
  { tool: 'dotnet new', version: '-', why: 'no .NET SDK on the machine or in Debian bookworm' },
  {
    tool: 'mvn archetype:generate / gradle init',
    version: '-',
    why: 'the archetypes and Gradle 9 come from Maven Central and the Gradle distribution servers (unreachable); Debian ships Gradle 4.4 only',
  },
  {
    tool: 'mix new',
    version: '-',
    why: "not added: Debian's elixir can run it, but `mix new` makes a library (or a supervisor with no children) that neither prints nor serves anything, so no check fits it without writing code",
  },
];
