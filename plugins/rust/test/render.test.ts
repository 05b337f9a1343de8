import assert from 'node:assert/strict';
import path from 'node:path';
import { GENERATOR_VERSION, defaultsOf, loadStack, render, type LoadedStack } from '@dockstack/core';

const STACK_DIR = path.resolve(import.meta.dirname, '..');
const META = { generatorVersion: GENERATOR_VERSION, regenerate: 'dockstack add rust --force' };

/** Every combination of the options that change the Dockerfile's shape. */
function* combinations(): Generator<Record<string, unknown>> {
  const axes: Array<[string, unknown[]]> = [
    ['runtime', ['debian', 'musl-scratch', 'distroless']],
    ['tini', [true, false]],
    ['server', [true, false]],
    ['caCertificates', [true, false]],
    ['lockfile', [true, false]],
    ['healthcheckCommand', ['', '/usr/local/bin/app health']],
    ['profile', ['release', 'dist']],
    ['package', ['', 'api']],
    ['buildPackages', [[], ['pkg-config', 'libssl-dev']]],
    ['assets', [[], ['static', 'config/app.toml']]],
  ];
  const total = axes.reduce((n, [, values]) => n * values.length, 1);
  for (let i = 0; i < total; i++) {
    const o: Record<string, unknown> = {};
    let rest = i;
    for (const [key, values] of axes) {
      o[key] = values[rest % values.length];
      rest = Math.floor(rest / values.length);
    }
    yield o;
  }
}

/** Dockerfile instructions with their continuation lines joined (comments dropped). */
function instructions(dockerfile: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of dockerfile.split('\n')) {
    if (current === '' && (line.startsWith('#') || line.trim() === '')) continue;
    if (line.endsWith('\\')) current += `${line.slice(0, -1)} `;
    else {
      out.push(current + line);
      current = '';
    }
  }
  return out;
}

describe('rust template over every option combination', function () {
  let stack: LoadedStack;
  before(async function () {
    stack = await loadStack(STACK_DIR);
  });

  it('keeps its structural promises in all 1,536 renders', function () {
    let count = 0;
    for (const combo of combinations()) {
      const options = { ...defaultsOf(stack.schema), ...combo, bin: 'api' };
      const files = render(stack, options, META);
      const df = files.find((f) => f.path === 'Dockerfile')?.content ?? '';
      const ignore = files.find((f) => f.path === '.dockerignore')?.content ?? '';
      const where = JSON.stringify(combo);
      const ins = instructions(df);
      const musl = combo['runtime'] === 'musl-scratch';
      const distroless = combo['runtime'] === 'distroless';

      const froms = ins.filter((i) => i.startsWith('FROM '));
      // recipe, build, then tini's own stage (the init never comes from a package manager in the runtime stage), then runtime
      assert.equal(froms.length, combo['tini'] ? 4 : 3, where);
      assert.equal(froms[0], 'FROM --platform=$BUILDPLATFORM ${RUST_IMAGE} AS recipe', where);
      if (combo['tini']) {
        assert.equal(froms[2], 'FROM --platform=$BUILDPLATFORM ${RUST_IMAGE} AS tini', where);
        assert.ok(ins.includes('COPY --link --from=tini /out/ /'), `tini copied: ${where}`);
      }
      assert.ok(!/^RUN [^\n]*apt-get install[^\n]*\btini\b/m.test(df), `no apt-get install tini: ${where}`);
      assert.equal(
        froms[froms.length - 1],
        musl ? 'FROM scratch AS runtime' : distroless ? 'FROM ${RUNTIME_IMAGE} AS runtime' : 'FROM ${DEBIAN_IMAGE} AS runtime',
        where,
      );
      for (const from of froms) {
        for (const v of from.match(/\$\{(\w+)\}/g) ?? [])
          assert.match(df, new RegExp(`^ARG ${v.slice(2, -1)}=\\S`, 'm'), `${v} declared: ${where}`);
      }
      for (const stage of ['recipe', 'build', 'runtime'])
        assert.match(df, new RegExp(`^# ${stage}: .+\\nFROM .+ AS ${stage}$`, 'm'), `stage comment: ${where}`);

      // The dependency layer: the recipe copied, then fetch and the same cargo build, before any source.
      const deps = ins.find((i) => i.includes('cargo fetch'));
      const build = ins.find((i) => i.includes('cargo build') && i.includes('&& cp '));
      assert.ok(deps !== undefined && build !== undefined, where);
      assert.ok(ins.indexOf('COPY --link --from=recipe /recipe/ ./') < ins.indexOf(deps), where);
      assert.ok(ins.indexOf(deps) < ins.indexOf(build) && !deps.includes('type=bind'), `dependencies before the sources: ${where}`);
      assert.equal(
        deps.match(/cargo build .*$/)?.[0],
        build.match(/cargo build [^&]*/)?.[0].trim(),
        `the same cargo build twice: ${where}`,
      );
      assert.ok(/&& cp \S+ \/usr\/local\/bin\/api$/.test(build), `binary copied out in the same RUN: ${where}`);
      for (const run of [deps, build]) {
        assert.ok(
          !run.includes('target=/app/target') && !run.includes('target=/build/target'),
          `the target dir is in the layers: ${where}`,
        );
        assert.ok(
          run.includes('--mount=type=cache,id=app-cargo-registry-${TARGETPLATFORM},target=/usr/local/cargo/registry') &&
            run.includes('--mount=type=cache,id=app-cargo-git-${TARGETPLATFORM},target=/usr/local/cargo/git/db'),
          `cache ids carry the app and the platform: ${where}`,
        );
      }
      assert.equal(build.includes('--locked'), combo['lockfile'], where);
      assert.equal(build.includes('--package api'), combo['package'] === 'api', where);
      assert.ok(build.includes(combo['profile'] === 'release' ? '--release' : '--profile dist'), where);
      assert.ok(build.includes(`target/${musl ? '$triple/' : ''}${combo['profile']}/api`), where);

      const users = ins.filter((i) => i.startsWith('USER '));
      assert.deepEqual(users, [musl || distroless ? 'USER 65532:65532' : 'USER 10001:10001'], where);
      assert.match(ins.find((i) => i.startsWith('CMD ')) ?? '', /^CMD \["\/usr\/local\/bin\/api"\]$/, where);
      assert.equal(
        ins.some((i) => i === 'ENTRYPOINT ["/usr/bin/tini", "--"]'),
        combo['tini'],
        where,
      );
      assert.equal(
        ins.some((i) => i.startsWith('EXPOSE ')),
        combo['server'],
        where,
      );
      assert.equal(
        ins.some((i) => /^HEALTHCHECK .+ CMD \["\/usr\/local\/bin\/app", "health"\]$/.test(i)),
        combo['healthcheckCommand'] !== '',
        where,
      );
      assert.ok(!/\\\n\s*\n/.test(df) && !/[ \t]$/m.test(df), `no empty continuation or trailing space: ${where}`);
      // RUN instructions only: the lines of tini's heredoc script are not instructions
      for (const run of ins.filter((i) => i.startsWith('RUN ') && i.includes('apt-get install'))) {
        assert.match(
          run,
          /^RUN apt-get update +&& apt-get install -y --no-install-recommends .+&& rm -rf \/var\/lib\/apt\/lists\/\*/,
          where,
        );
      }
      if (!musl && !distroless) assert.match(df, /useradd --uid 10001 --gid app --no-create-home --no-log-init/, where);
      for (const asset of combo['assets'] as string[]) {
        assert.ok(df.includes(`COPY --link ${asset} ./${asset}\n`), where);
        assert.ok(!ignore.split('\n').some((l) => l === asset || l === asset.split('/')[0]), `asset ${asset} not ignored: ${where}`);
      }
      assert.ok(df.trimEnd().split('\n').pop()?.includes('org.opencontainers.image.created'), `labels last: ${where}`);
      count++;
    }
    assert.equal(count, 1536);
  });

  it('prints registry, Debian release, features, args and the syntax directive as asked', function () {
    const options = {
      ...defaultsOf(stack.schema),
      registry: 'mirror.example.com/hub',
      debianRelease: 'trixie',
      rustVersion: '1.95.0',
      runtime: 'debian',
      features: ['tls', 'serde/std'],
      args: 'serve --port 8080',
      syntax: false,
    };
    const df = render(stack, options, META).find((f) => f.path === 'Dockerfile')?.content ?? '';
    assert.ok(df.startsWith('# check=error=true\n# Generated by dockstack'));
    assert.match(df, /^ARG RUST_VERSION=1\.95\.0$/m);
    assert.match(df, /^ARG RUST_IMAGE=mirror\.example\.com\/hub\/rust:\$\{RUST_VERSION\}-slim-trixie$/m);
    assert.match(df, /^ARG DEBIAN_IMAGE=mirror\.example\.com\/hub\/debian:trixie-slim$/m);
    assert.match(df, /cargo build --release --locked --bin app --features tls,serde\/std/);
    assert.match(df, /^CMD \["\/usr\/local\/bin\/app", "serve", "--port", "8080"\]$/m);
    const withSyntax = render(stack, defaultsOf(stack.schema), META).find((f) => f.path === 'Dockerfile')?.content ?? '';
    assert.ok(withSyntax.startsWith('# syntax=docker/dockerfile:1\n# check=error=true\n# Generated by dockstack'));
  });
});
