import assert from 'node:assert/strict';
import path from 'node:path';
import { defaultsOf, loadStack, render, type LoadedStack } from '@dockstack/core';

const meta = { generatorVersion: '0.0.0-test', regenerate: 'dockstack add python --force' };
let stack: LoadedStack;

function files(options: Record<string, unknown>): { dockerfile: string; ignore: string } {
  const out = render(stack, { ...defaultsOf(stack.schema), ...options }, meta);
  return {
    dockerfile: out.find((f) => f.path === 'Dockerfile')?.content ?? '',
    ignore: out.find((f) => f.path === '.dockerignore')?.content ?? '',
  };
}

/** The text of one stage, from its FROM line to the next FROM. */
function stage(dockerfile: string, name: string): string {
  const start = dockerfile.indexOf(` AS ${name}\n`);
  assert.ok(start >= 0, `stage ${name} exists`);
  const next = dockerfile.indexOf('\nFROM ', start);
  return dockerfile.slice(start, next === -1 ? undefined : next);
}

/** Instructions with their continuation lines joined. */
function instructions(dockerfile: string): string[] {
  return dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** dockerignore semantics for the patterns the template writes: `**\/`, `*`, `?`, `[...]`, prefix folders. */
function ignored(ignore: string, file: string): boolean {
  const patterns = ignore.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  const parts = file.split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  return patterns.some((pattern) => {
    const re = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|\\]/g, '\\$&')
        .replace(/\*\*\//g, '(?:.*/)?')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')}$`,
    );
    return candidates.some((c) => re.test(c));
  });
}

describe('python templates', function () {
  before(async function () {
    stack = await loadStack(path.resolve(import.meta.dirname, '..'));
  });

  it('an ASGI factory runs with uvicorn --factory; gunicorn calls it itself', function () {
    const asgi = files({ framework: 'fastapi', appModule: 'main:create_app()' }).dockerfile;
    assert.match(asgi, /CMD \["sh", "-c", "exec uvicorn main:create_app --factory --host 0\.0\.0\.0 --port \\"\$\{PORT:-8000\}\\""\]/);
    const wsgi = files({ framework: 'flask', appModule: 'web:create_app()' }).dockerfile;
    assert.match(wsgi, /PORT=8000[\s\S]*CMD \["gunicorn", "web:create_app\(\)"\]/);
  });

  it('never puts tini in front of gunicorn, even through startCommand', function () {
    for (const options of [{ framework: 'django' }, { framework: 'none', startCommand: 'gunicorn app:app -c gunicorn.conf.py' }]) {
      const { dockerfile } = files({ ...options, tini: true });
      assert.ok(!dockerfile.includes('tini'), JSON.stringify(options));
    }
    assert.match(files({ framework: 'none', startCommand: 'python -m worker' }).dockerfile, /ENTRYPOINT \["\/usr\/bin\/tini", "--"\]/);
  });

  it('uv installs the project in a second, cached sync when asked', function () {
    const build = stage(files({ packageManager: 'uv', installProject: true }).dockerfile, 'build');
    assert.match(
      build,
      /uv sync --locked --no-dev --no-install-project --no-editable\nCOPY \. \.\nRUN --mount=type=cache,target=\/root\/\.cache\/uv \\\n {4}uv sync --locked --no-dev --no-editable\n/,
    );
  });

  it('private index config is a secret mount, never a copied file', function () {
    const pip = files({ indexSecret: true, installProject: true });
    assert.equal(pip.dockerfile.match(/--mount=type=secret,id=pipconf,target=\/etc\/pip\.conf/g)?.length, 2);
    assert.ok(ignored(pip.ignore, 'pip.conf'));
    const uv = files({ packageManager: 'uv', indexSecret: true });
    assert.match(uv.dockerfile, /--mount=type=secret,id=uvtoml,target=\/etc\/uv\/uv\.toml/);
    assert.ok(ignored(uv.ignore, 'uv.toml'));
  });

  it('a requirement on the project itself copies everything once, before the install', function () {
    const build = stage(files({ localPackages: ['.'] }).dockerfile, 'build');
    assert.match(build, /COPY --link \. \.\nRUN --mount/);
    assert.equal(build.match(/^COPY /gm)?.length, 1);
  });

  it('collectstatic gets a throwaway key inline, never through ARG or ENV', function () {
    const { dockerfile } = files({ framework: 'django', collectstatic: true, secretKeyEnv: 'APP_SECRET' });
    assert.match(dockerfile, /RUN APP_SECRET=collectstatic-only-not-a-secret \/opt\/venv\/bin\/python manage\.py collectstatic --noinput/);
    assert.ok(!/^(ARG|ENV)[^\n]*SECRET/m.test(dockerfile));
  });

  it('holds its invariants for every combination of the options that shape the file', function () {
    let count = 0;
    for (const packageManager of ['pip', 'poetry', 'uv', 'pipenv', 'pdm'])
      for (const framework of ['none', 'fastapi', 'starlette', 'django', 'flask'])
        for (const server of [true, false])
          for (const installProject of [false, true])
            for (const lockfile of [true, false])
              for (const extras of [
                {},
                {
                  localPackages: ['libs/a', 'build/b'],
                  buildPackages: ['gcc'],
                  runtimePackages: ['libpq5'],
                  indexSecret: true,
                  collectstatic: true,
                  requirementsFile: '',
                  syntax: false,
                },
              ]) {
                const options = { packageManager, framework, server, installProject, lockfile, ...extras };
                const { dockerfile, ignore } = files(options);
                const label = JSON.stringify(options);
                count++;
                assert.equal(dockerfile.split('\n')['syntax' in extras ? 0 : 1], '# check=error=true', label);
                const runtime = stage(dockerfile, 'runtime');
                assert.ok(dockerfile.lastIndexOf('\nFROM ') === dockerfile.indexOf('\nFROM base AS runtime'), `runtime is last: ${label}`);
                assert.match(runtime, /\nUSER 10001:10001\n/, label);
                assert.match(runtime, /\nCMD \[.*\]\n/, label);
                assert.ok(!/\.cache|gcc|poetry|pipenv|pdm |uv sync/.test(runtime), `runtime holds no caches or build tools: ${label}`);
                assert.equal(/\nEXPOSE /.test(runtime), server, label);
                assert.equal(/\nHEALTHCHECK /.test(runtime), server, label);
                const lines = instructions(dockerfile);
                lines.forEach((line, i) => {
                  const prev = lines[i - 1];
                  if (line.startsWith('RUN ') && prev?.startsWith('RUN ')) {
                    const flags = (l: string): string => (l.match(/--mount=\S+/g) ?? []).join(' ');
                    assert.notEqual(flags(line), flags(prev), `consecutive RUNs with the same flags: ${label}`);
                  }
                });
                for (const m of dockerfile.matchAll(/COPY --link (\S+) \1\n|source=(\S+?),target=/g)) {
                  const used = (m[1] ?? m[2]) as string;
                  if (used !== '.') assert.ok(!ignored(ignore, used), `.dockerignore hides ${used}: ${label}`);
                }
              }
    assert.equal(count, 400);
  });
});
