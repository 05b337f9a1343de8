import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORE_PARTIALS } from '../src/partials.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Every stack fixture's golden Dockerfile. */
function goldens(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const stack of readdirSync(path.join(REPO, 'plugins'))) {
    const dir = path.join(REPO, 'plugins', stack, 'test', 'fixtures');
    if (!existsSync(dir)) continue;
    for (const fixture of readdirSync(dir)) {
      const file = path.join(dir, fixture, 'Dockerfile');
      if (existsSync(file)) out.push({ name: `${stack}/${fixture}`, text: readFileSync(file, 'utf8') });
    }
  }
  return out;
}

/** Stages by name: their FROM source and their instructions (continuation lines joined). */
function stages(text: string): Map<string, { from: string; lines: string[] }> {
  const map = new Map<string, { from: string; lines: string[] }>();
  let current: { from: string; lines: string[] } | undefined;
  let anonymous = 0;
  for (const line of text.replace(/\\\n/g, ' ').split('\n')) {
    const m = /^FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (m) {
      current = { from: m[1] ?? '', lines: [] };
      map.set(m[2] ?? `#${anonymous++}`, current);
    } else current?.lines.push(line);
  }
  return map;
}

describe('tini comes from its own stage, never from a package manager in the runtime', function () {
  const all = goldens();

  it('finds the stacks’ golden Dockerfiles', function () {
    assert.ok(all.length > 50, `only ${all.length} goldens found`);
  });

  it('no runtime stage (or a stage it is built FROM) installs tini with apt-get, apk or dnf', function () {
    const bad: string[] = [];
    for (const { name, text } of all) {
      const byName = stages(text);
      const seen = new Set<string>();
      for (let stage = 'runtime'; byName.has(stage) && !seen.has(stage); stage = byName.get(stage)?.from ?? '') {
        seen.add(stage);
        for (const line of byName.get(stage)?.lines ?? [])
          if (/^RUN\b/.test(line) && /\b(apt-get|apk|dnf|microdnf|yum)\b.*\btini\b/.test(line))
            bad.push(`${name} [${stage}]: ${line.slice(0, 120)}`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it('a runtime whose ENTRYPOINT is /usr/bin/tini gets it from the tini stage (or a build stage’s tini-static)', function () {
    let viaStage = 0;
    for (const { name, text } of all) {
      const runtime = stages(text).get('runtime');
      if (!runtime?.lines.some((l) => /^ENTRYPOINT \["\/usr\/bin\/tini"/.test(l))) continue;
      const copies = runtime.lines.filter((l) => /^COPY .*--from=/.test(l));
      if (copies.includes(CORE_PARTIALS['dockstack/tini-copy']?.trim() ?? '')) {
        viaStage++;
        assert.match(text, /^FROM --platform=\$BUILDPLATFORM \$\{[A-Z_]+_IMAGE\} AS tini$/m, `${name}: tini stage`);
      } else
        assert.ok(
          copies.some((l) => l.includes('/usr/bin/tini-static /usr/bin/tini')),
          `${name}: ENTRYPOINT tini but neither the tini stage nor tini-static is copied in`,
        );
    }
    assert.ok(viaStage > 30, `only ${viaStage} goldens take tini from the stage`);
  });

  it('the stage pins one .deb per architecture it knows by SHA-256 and falls back to apt for the others', function () {
    const stage = CORE_PARTIALS['dockstack/tini-stage'] ?? '';
    const pins = [...stage.matchAll(/^ {2}(\w+)\*\) arch=(\w+) sha=([0-9a-f]*) ;;$/gm)]
      .map((m) => [m[1], m[2], m[3]?.length])
      .filter((p) => p[2] !== 0);
    assert.deepEqual(pins, [
      ['amd64', 'amd64', 64],
      ['arm64', 'arm64', 64],
    ]);
    assert.match(
      stage,
      /apt-helper download-file "\$\{mirror%\/\}\/pool\/main\/t\/tini\/tini_\$\{version\}_\$\{arch\}\.deb" \/tmp\/tini\.deb "SHA256:\$sha"/,
    );
    assert.match(stage, /^ {2}arm\*\) arch=armhf sha= ;;$/m, 'other architectures have no pin');
    assert.match(stage, /apt-get install -y --no-install-recommends --download-only "tini:\$arch"/);
    assert.doesNotMatch(stage, /debian\.org/, 'the mirror comes from the image, never from the template');
  });
});
