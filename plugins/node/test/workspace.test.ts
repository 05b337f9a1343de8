import assert from 'node:assert/strict';
import path from 'node:path';
import { GENERATOR_VERSION, loadStack, render, resolveOptions } from '@dockstack/core';
import type { DetectResult } from '@dockstack/plugin-api';
import { memoryView } from '@dockstack/testing';
import { detect } from '../src/detect.js';

const stackDir = path.resolve(import.meta.dirname, '..');
const json = (v: unknown): string => JSON.stringify(v);
const member = (name: string, extra: Record<string, unknown> = {}): string => json({ name, version: '1.0.0', ...extra });

async function run(files: Record<string, string>): Promise<DetectResult> {
  const result = await detect(memoryView(files));
  assert.ok(result, 'detection returned null');
  return result;
}

describe('node stack: package.json5', function () {
  it('reads package.json5 when there is no package.json: pnpm, the manifest option, the start script', async function () {
    const r = await run({
      'package.json5': "// pnpm\n{ name: 'five', scripts: { start: 'node app.js', }, dependencies: { express: '^5.0.0' } }\n",
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
    });
    assert.equal(r.options['manifest'], 'package.json5');
    assert.equal(r.options['packageManager'], 'pnpm');
    assert.equal(r.options['lockfile'], true);
    assert.equal(r.options['startCommand'], 'node app.js');
    assert.equal(r.reasons[0]?.file, 'package.json5');
    assert.match((r.notes ?? []).join('\n'), /Node\.js itself reads only package\.json/);
  });

  it('without a lockfile, package.json5 still means pnpm (no other package manager reads it)', async function () {
    const r = await run({ 'package.json5': "{ name: 'five', main: 'index.js' }" });
    assert.equal(r.options['packageManager'], 'pnpm');
    assert.equal(r.options['lockfile'], false);
  });

  it('package.json wins over package.json5; a malformed package.json5 is no evidence', async function () {
    const both = await run({ 'package.json': json({ name: 'json', main: 'a.js' }), 'package.json5': "{ name: 'five' }" });
    assert.equal(both.options['manifest'], undefined);
    assert.equal(both.reasons[0]?.file, 'package.json');
    assert.equal(await detect(memoryView({ 'package.json5': '{ name: ' })), null);
    assert.equal(await detect(memoryView({ 'package.json5': '[1, 2]' })), null);
  });

  it('binds package.json5 into the install where package.json would be', async function () {
    const stack = await loadStack(stackDir);
    const values = { manifest: 'package.json5', packageManager: 'pnpm' };
    const meta = { generatorVersion: GENERATOR_VERSION, regenerate: 'dockstack add node --force' };
    const df = render(stack, resolveOptions(stack.schema, [{ source: 'test', values }]).values, meta).find(
      (f) => f.path === 'Dockerfile',
    )?.content;
    assert.match(df ?? '', /--mount=type=bind,source=package\.json5,target=package\.json5/);
    assert.doesNotMatch(df ?? '', /source=package\.json,/);
  });
});

describe('node stack: workspace roots', function () {
  const members = {
    'packages/api/package.json': member('@ws/api', { scripts: { start: 'node server.js' }, dependencies: { express: '^5.0.0' } }),
    'packages/lib/package.json': member('@ws/lib'),
    'packages/internal/package.json': member('@ws/internal'),
    'docs/README.md': '# not a member\n',
  };

  it('a root with no start script, "main", entry file or framework is no app: no node candidate (the members are the services)', async function () {
    assert.equal(await detect(memoryView({ 'package.json': json({ name: 'root', workspaces: ['packages/*'] }), ...members })), null);
    assert.equal(
      await detect(
        memoryView({ 'package.json': json({ name: 'root' }), 'pnpm-workspace.yaml': 'packages:\n  - packages/*\n', ...members }),
      ),
      null,
    );
    // a root entry file makes it an app again
    const withEntry = await run({ 'package.json': json({ name: 'root', workspaces: ['packages/*'] }), 'index.js': '', ...members });
    assert.equal(withEntry.options['startCommand'], 'node index.js');
    assert.deepEqual(withEntry.options['workspaceMembers'], ['packages/api', 'packages/internal', 'packages/lib']);
  });

  it('a root start script handed to a member runs that member’s start in its folder, for pnpm, npm and yarn', async function () {
    const forms: Array<[string, Record<string, string>]> = [
      ['pnpm --filter @ws/api start', { 'pnpm-workspace.yaml': 'packages:\n  - packages/*\n  - "!packages/internal"\n' }],
      ['pnpm -F @ws/api run start', { 'pnpm-workspace.yaml': 'packages:\n  - packages/*\n  - "!packages/internal"\n' }],
      ['npm start -w packages/api', {}],
      ['npm run start --workspace=@ws/api', {}],
      ['yarn workspace @ws/api start', {}],
    ];
    for (const [start, extra] of forms) {
      const pnpm = 'pnpm-workspace.yaml' in extra;
      const root = { name: 'root', scripts: { start }, ...(pnpm ? {} : { workspaces: ['packages/*', '!packages/internal'] }) };
      const r = await run({ 'package.json': json(root), ...extra, ...members });
      assert.equal(r.options['startCommand'], 'node server.js', start);
      assert.equal(r.options['startDir'], 'packages/api', start);
      assert.deepEqual(r.options['workspaceMembers'], ['packages/api', 'packages/lib'], start);
      assert.notEqual(r.options['prodDependencies'], false, `${start}: a member's dependencies are the image's`);
    }
  });

  it('a pnpm-workspace.yaml of settings only (no packages, or just ".") is no workspace', async function () {
    for (const yaml of ['allowBuilds:\n  esbuild: false\n', "packages:\n  - '.'\n"]) {
      const r = await run({
        'package.json': json({ name: 'one', scripts: { start: 'node server.js' } }),
        'pnpm-workspace.yaml': yaml,
        ...members,
      });
      assert.equal(r.options['workspaceMembers'], undefined, yaml);
      assert.doesNotMatch(r.reasons.map((e) => e.says).join('\n'), /workspaces/, yaml);
    }
  });

  it('a root start script naming no member leaves the start command to the user, with a note', async function () {
    const r = await run({
      'package.json': json({ name: 'root', workspaces: ['packages/*'], scripts: { start: 'turbo run start' } }),
      ...members,
    });
    assert.equal(r.options['startCommand'], undefined);
    assert.equal(r.options['startDir'], undefined);
    assert.match((r.notes ?? []).join('\n'), /not a plain node command/);
  });

  it('renders a workspace install: every member manifest copied before the install, node_modules of each cleaned after the build', async function () {
    const stack = await loadStack(stackDir);
    const values = { packageManager: 'pnpm', workspaceMembers: ['apps/web', 'libs/ui'], buildScript: 'build', startDir: 'apps/web' };
    const meta = { generatorVersion: GENERATOR_VERSION, regenerate: 'dockstack add node --force' };
    const files = render(stack, resolveOptions(stack.schema, [{ source: 'test', values }]).values, meta);
    const df = files.find((f) => f.path === 'Dockerfile')?.content ?? '';
    assert.match(
      df,
      /COPY --link package\.json pnpm-lock\.yaml pnpm-workspace\.yaml \.\/\nCOPY --link apps\/web\/package\.json apps\/web\/\nCOPY --link libs\/ui\/package\.json libs\/ui\/\n/,
    );
    assert.match(df, /&& rm -rf node_modules apps\/web\/node_modules libs\/ui\/node_modules\n/);
    assert.match(df, /COPY --link --from=deps \/app \.\/\n/);
    assert.match(df, /WORKDIR \/app\/apps\/web\n/);
    assert.match(files.find((f) => f.path === '.dockerignore')?.content ?? '', /^\*\*\/node_modules$/m);
  });
});

describe('node stack: Prisma', function () {
  const pkg = (extra: Record<string, unknown>): string => json({ name: 'p', scripts: { start: 'node server.js' }, ...extra });

  it('finds the schema of a project that depends on prisma or @prisma/client: package.json "prisma.schema", then the default places', async function () {
    const deps = { dependencies: { '@prisma/client': '7.10.1' }, devDependencies: { prisma: '7.10.1' } };
    assert.equal((await run({ 'package.json': pkg(deps), 'prisma/schema.prisma': '' })).options['prismaSchema'], 'prisma/schema.prisma');
    assert.equal((await run({ 'package.json': pkg(deps), 'prisma/schema/user.prisma': '' })).options['prismaSchema'], 'prisma/schema');
    const configured = await run({ 'package.json': pkg({ ...deps, prisma: { schema: './db/app.prisma' } }), 'db/app.prisma': '' });
    assert.equal(configured.options['prismaSchema'], 'db/app.prisma');
    assert.deepEqual(
      configured.reasons.find((r) => r.file === 'db/app.prisma'),
      { file: 'db/app.prisma', says: 'Prisma schema' },
    );
  });

  it('no Prisma dependency, or no schema: no prisma generate', async function () {
    assert.equal((await run({ 'package.json': pkg({}), 'prisma/schema.prisma': '' })).options['prismaSchema'], undefined);
    assert.equal((await run({ 'package.json': pkg({ dependencies: { '@prisma/client': '7.10.1' } }) })).options['prismaSchema'], undefined);
  });

  it('generates in the build stage (one RUN with the build script) and keeps node_modules/.prisma for the runtime', async function () {
    const stack = await loadStack(stackDir);
    const meta = { generatorVersion: GENERATOR_VERSION, regenerate: 'dockstack add node --force' };
    const df = (values: Record<string, unknown>): string =>
      render(stack, resolveOptions(stack.schema, [{ source: 'test', values }]).values, meta).find((f) => f.path === 'Dockerfile')
        ?.content ?? '';
    assert.match(
      df({ prismaSchema: 'prisma/schema.prisma', buildScript: 'build' }),
      /\nRUN node_modules\/\.bin\/prisma generate --schema=prisma\/schema\.prisma \\\n && npm run build \\\n && find node_modules -mindepth 1 -maxdepth 1 ! -name \.prisma -exec rm -rf \{\} \+\n/,
    );
    assert.match(
      df({ prismaSchema: 'prisma/schema.prisma' }),
      /\nCOPY --link --from=build \/app \.\/\nCOPY --link --from=deps \/app\/node_modules \.\/node_modules\n/,
    );
    assert.doesNotMatch(df({}), /prisma/i);
  });
});

describe('node stack: a workspace member built from the workspace root', function () {
  /** A member view and the root view it is built from (the member's files are under `apps/web/` in the root). */
  async function detectMember(root: Record<string, string>, at: string): Promise<DetectResult> {
    const own = Object.fromEntries(
      Object.entries(root)
        .filter(([p]) => p.startsWith(`${at}/`))
        .map(([p, text]) => [p.slice(at.length + 1), text]),
    );
    const result = await detect(memoryView(own), { workspace: { root: memoryView(root), member: at } });
    assert.ok(result, 'detection returned null');
    return result;
  }
  const root = (extra: Record<string, string> = {}): Record<string, string> => ({
    'package.json': json({ name: 'mono', private: true, packageManager: 'pnpm@10.34.8', devDependencies: { turbo: '^2.11.0' } }),
    'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
    'pnpm-workspace.yaml': 'packages:\n  - apps/*\n  - packages/*\n',
    'apps/web/package.json': json({
      name: '@mono/web',
      scripts: { build: 'next build', start: 'next start' },
      dependencies: { next: '15.5.0', react: '19.1.0', '@mono/ui': 'workspace:*' },
    }),
    'apps/web/next.config.mjs': "export default { output: 'standalone' };\n",
    'packages/ui/package.json': member('@mono/ui', { scripts: { build: 'tsc' }, dependencies: { '@mono/tokens': 'workspace:*' } }),
    'packages/tokens/package.json': member('@mono/tokens'),
    'apps/docs/package.json': member('@mono/docs', { scripts: { start: 'node index.js' } }),
    ...extra,
  });

  it("takes the root's package manager and lockfile, the member's framework, and its workspace closure in dependency order", async function () {
    const r = await detectMember(root(), 'apps/web');
    assert.equal(r.options['packageManager'], 'pnpm');
    assert.equal(r.options['packageManagerVersion'], '10.34.8');
    assert.equal(r.options['lockfile'], true);
    assert.equal(r.options['framework'], 'next');
    assert.equal(r.options['startDir'], 'apps/web');
    assert.equal(r.options['workspaceFocus'], '@mono/web');
    // tokens (no build script) is still in the closure: the runtime needs its folder.
    assert.deepEqual(r.options['buildMembers'], ['packages/tokens', 'packages/ui', 'apps/web']);
    assert.deepEqual(r.options['workspaceMembers'], ['apps/docs', 'apps/web', 'packages/tokens', 'packages/ui']);
    // no turbo.json: the turbo dependency alone does not make Turborepo run the build
    assert.equal(r.options['turbo'], undefined);
    // Next's standalone output starts at the workspace root: turned off for a member, with a note.
    assert.equal(r.options['standalone'], false);
    assert.ok(r.notes?.some((n) => /standalone output of a workspace member/.test(n)));
  });

  it('with turbo.json Turborepo runs the build; a member without a build script still builds the members it uses', async function () {
    const files = root({ 'turbo.json': json({ tasks: { build: { dependsOn: ['^build'] } } }) });
    files['apps/web/package.json'] = json({ name: '@mono/web', main: 'server.js', dependencies: { '@mono/ui': 'workspace:*' } });
    const r = await detectMember(files, 'apps/web');
    assert.equal(r.options['turbo'], true);
    assert.equal(r.options['buildScript'], 'build');
    assert.match(r.why?.['buildScript'] ?? '', /has no "build" script, but the workspace members it depends on do/);
    assert.deepEqual(r.options['buildMembers'], ['packages/tokens', 'packages/ui', 'apps/web']);
    const stack = await loadStack(stackDir);
    const meta = { generatorVersion: GENERATOR_VERSION, regenerate: 'dockstack add node --force' };
    const df =
      render(stack, resolveOptions(stack.schema, [{ source: 'detection', values: r.options }]).values, meta).find(
        (f) => f.path === 'Dockerfile',
      )?.content ?? '';
    assert.match(df, /\nRUN node_modules\/\.bin\/turbo run build --filter='@mono\/web\.\.\.' \\\n/);
    assert.match(df, /--prod --filter '@mono\/web\.\.\.'/);
    // the runtime takes the closure's folders only: docs stays out
    assert.match(
      df,
      /COPY --link --from=build \/app\/packages\/tokens \.\/packages\/tokens\nCOPY --link --from=build \/app\/packages\/ui \.\/packages\/ui\nCOPY --link --from=build \/app\/apps\/web \.\/apps\/web\n/,
    );
    assert.doesNotMatch(df, /apps\/docs \.\/apps\/docs/);
    assert.match(df, /\nWORKDIR \/app\/apps\/web\n/);
  });

  it('yarn: berry focuses the install and builds through workspaces foreach; yarn 1 builds through npm and says it cannot focus', async function () {
    const stack = await loadStack(stackDir);
    const meta = { generatorVersion: GENERATOR_VERSION, regenerate: 'dockstack add node --force' };
    const dockerfile = (r: DetectResult): string =>
      render(stack, resolveOptions(stack.schema, [{ source: 'detection', values: r.options }]).values, meta).find(
        (f) => f.path === 'Dockerfile',
      )?.content ?? '';
    const yarnRoot = (packageManager: string, lock: string, extra: Record<string, string> = {}): Record<string, string> => {
      const files = root(extra);
      delete files['pnpm-lock.yaml'];
      delete files['pnpm-workspace.yaml'];
      files['package.json'] = json({ name: 'mono', private: true, packageManager, workspaces: ['apps/*', 'packages/*'] });
      files['yarn.lock'] = lock;
      files['apps/web/package.json'] = json({ name: '@mono/web', main: 'server.js', dependencies: { '@mono/ui': 'workspace:*' } });
      return files;
    };

    const berry = await detectMember(
      yarnRoot('yarn@4.18.1', '__metadata:\n  version: 10\n', { '.yarnrc.yml': 'nodeLinker: node-modules\n' }),
      'apps/web',
    );
    assert.equal(berry.options['packageManager'], 'yarn-berry');
    assert.equal(berry.options['workspaceFocus'], '@mono/web');
    assert.deepEqual(berry.options['buildMembers'], ['packages/tokens', 'packages/ui', 'apps/web']);
    const b = dockerfile(berry);
    assert.match(b, /\n {4}yarn workspaces focus @mono\/web --production\n/);
    assert.match(b, /\nRUN yarn workspaces foreach --recursive --topological-dev --from '@mono\/web' run build \\\n/);

    const classic = await detectMember(yarnRoot('yarn@1.22.22', '# yarn lockfile v1\n'), 'apps/web');
    assert.equal(classic.options['packageManager'], 'yarn');
    assert.equal(classic.options['workspaceFocus'], undefined);
    assert.ok(classic.notes?.some((n) => /yarn 1 has no focused install/.test(n)));
    const c = dockerfile(classic);
    assert.match(
      c,
      /\nRUN npm run build --workspace packages\/tokens --if-present && npm run build --workspace packages\/ui --if-present && npm run build --workspace apps\/web --if-present \\\n/,
    );
    assert.match(c, /yarn install --frozen-lockfile --production\n/);
  });

  it('without the workspace context the same folder is detected alone (no startDir, no focus)', async function () {
    const own = { 'package.json': json({ name: '@mono/web', main: 'server.js', dependencies: { '@mono/ui': 'workspace:*' } }) };
    const r = await detect(memoryView(own));
    assert.ok(r);
    assert.equal(r.options['startDir'], undefined);
    assert.equal(r.options['buildMembers'], undefined);
  });
});

describe('node stack: an Nx project without a package.json, built from the workspace root', function () {
  const rootFiles = (project: unknown, extra: Record<string, string> = {}): Record<string, string> => ({
    'package.json': json({ name: '@acme/source', license: 'MIT', dependencies: { express: '^5.1.0' }, devDependencies: { nx: '23.2.1' } }),
    'package-lock.json': json({ lockfileVersion: 3 }),
    'nx.json': json({ targetDefaults: {} }),
    'apps/api/project.json': json(project),
    'apps/api/src/main.ts': "import express from 'express';\nexpress().listen(3000);\n",
    ...extra,
  });
  const esbuild = {
    name: 'api',
    projectType: 'application',
    targets: {
      build: {
        executor: '@nx/esbuild:esbuild',
        options: { outputPath: 'dist/apps/api', main: 'apps/api/src/main.ts', generatePackageJson: true },
      },
    },
  };
  async function detectProject(files: Record<string, string>, at = 'apps/api'): Promise<DetectResult | null> {
    const own = Object.fromEntries(
      Object.entries(files)
        .filter(([p]) => p.startsWith(`${at}/`))
        .map(([p, text]) => [p.slice(at.length + 1), text]),
    );
    return detect(memoryView(own), { workspace: { root: memoryView(files), member: at } });
  }

  it("reads project.json: the project, its output, the generated package.json, the entry the executor writes; the root's dependencies and lockfile", async function () {
    const r = await detectProject(rootFiles(esbuild));
    assert.ok(r);
    assert.equal(r.options['nxProject'], 'api');
    assert.equal(r.options['nxOutput'], 'dist/apps/api');
    assert.equal(r.options['nxPackageJson'], true);
    assert.equal(r.options['startCommand'], 'node main.js');
    assert.equal(r.options['appName'], 'api');
    assert.equal(r.options['framework'], 'express');
    assert.equal(r.options['packageManager'], 'npm');
    assert.equal(r.options['server'], undefined);
    assert.ok(r.reasons.some((e) => e.file === 'project.json' && /@nx\/esbuild:esbuild/.test(e.says)));
  });

  it('tsc keeps the project layout; an unknown executor leaves the start command to the user; a main that never listens is a job', async function () {
    const tsc = { ...esbuild, targets: { build: { executor: '@nx/js:tsc', options: { main: 'apps/api/src/main.ts' } } } };
    const t = await detectProject(rootFiles(tsc));
    assert.equal(t?.options['startCommand'], 'node src/main.js');
    assert.equal(t?.options['nxOutput'], 'dist/apps/api');
    assert.equal(t?.options['nxPackageJson'], false);

    const custom = { ...esbuild, targets: { build: { executor: 'nx:run-commands', options: { command: 'make' } } } };
    const c = await detectProject(rootFiles(custom));
    assert.equal(c?.options['startCommand'], undefined);
    assert.ok(c?.notes?.some((n) => /output layout of the nx:run-commands executor is not known/.test(n)));

    const job = await detectProject(rootFiles(esbuild, { 'apps/api/src/main.ts': "console.log('report');\n" }));
    assert.equal(job?.options['server'], false);
    assert.equal(job?.options['healthcheck'], false);
  });

  it('no nx.json, a library project, or no build target: not an Nx project (and without a package.json, no node app)', async function () {
    const noNx = rootFiles(esbuild);
    delete noNx['nx.json'];
    assert.equal(await detectProject(noNx), null);
    assert.equal(await detectProject(rootFiles({ ...esbuild, projectType: 'library' })), null);
    assert.equal(await detectProject(rootFiles({ name: 'api', targets: { serve: { executor: '@nx/js:node' } } })), null);
  });

  it('renders the Nx build, the install from the generated package.json after it, and a runtime of the output folder only', async function () {
    const r = await detectProject(rootFiles(esbuild));
    assert.ok(r);
    const stack = await loadStack(stackDir);
    const meta = { generatorVersion: GENERATOR_VERSION, regenerate: 'dockstack add node --force' };
    const files = render(stack, resolveOptions(stack.schema, [{ source: 'detection', values: r.options }]).values, meta);
    const df = files.find((f) => f.path === 'Dockerfile')?.content ?? '';
    assert.match(df, /\n {4}NX_DAEMON=false NX_NO_CLOUD=true node_modules\/\.bin\/nx run api:build\n/);
    // the deps stage comes after the build it copies from
    assert.ok(df.indexOf('FROM base AS build') < df.indexOf('FROM base AS deps'));
    assert.match(df, /\nCOPY --link --from=build \/app\/dist\/apps\/api\/package\.json \/app\/dist\/apps\/api\/package-lock\.json \.\/\n/);
    assert.match(
      df,
      /\nCOPY --link --from=build \/app\/dist\/apps\/api \.\/\nCOPY --link --from=deps \/app\/node_modules \.\/node_modules\n/,
    );
    assert.match(df, /HOST=0\.0\.0\.0/);
    assert.match(df, /\nCMD \["node", "main\.js"\]\n/);
    const ignore = files.find((f) => f.path === '.dockerignore')?.content ?? '';
    assert.match(ignore, /\n\.nx\n/);
    assert.match(ignore, /\n\*\*\/\.env\*\n/);
    assert.match(ignore, /\ndist\/apps\/api\n/);
  });
});
