import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bakeFile, composeFile, exposedPorts, serviceName, workspacePatterns } from '@dockstack/core';
import { tempDir } from './helpers.js';

function project(files: Record<string, string>): string {
  const dir = tempDir('dockstack-services-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('services', function () {
  it('reads workspace declarations: npm, pnpm, go.work and Cargo', async function () {
    const dir = project({
      'package.json': JSON.stringify({ workspaces: { packages: ['apps/*', '!apps/internal'] } }),
      'pnpm-workspace.yaml': 'packages:\n  - "services/*"\n',
      'go.work': 'go 1.24\n\nuse (\n\t./cmd/a\n\t./cmd/b // the second\n)\nuse ./tools\n',
      'Cargo.toml': '[workspace]\nresolver = "2"\nmembers = [\n  "crates/x",\n  "crates/y",\n]\n',
    });
    assert.deepEqual(await workspacePatterns(dir), [
      { via: 'npm workspaces', patterns: ['apps/*', '!apps/internal'] },
      { via: 'pnpm-workspace.yaml', patterns: ['services/*'] },
      { via: 'go.work', patterns: ['./cmd/a', './cmd/b', './tools'] },
      { via: 'Cargo workspace', patterns: ['crates/x', 'crates/y'] },
    ]);
  });

  it('takes the ports from the runtime stage only', function () {
    const text = 'FROM a AS build\nEXPOSE 9999\nFROM b AS runtime\nEXPOSE 3000 8443/tcp 53/udp\n';
    assert.deepEqual(exposedPorts(text), [3000, 8443]);
    assert.deepEqual(exposedPorts('FROM scratch\nCMD ["x"]\n'), []);
  });

  it('names services after their folders, uniquely', function () {
    const taken = new Set(['api']);
    assert.equal(serviceName('services/api', taken), 'api-2');
    assert.equal(serviceName('apps/My Web', new Set()), 'my-web');
    assert.equal(serviceName('.', new Set(), 'Repo'), 'repo');
  });

  it('writes compose.yaml and docker-bake.hcl building each service from its own context', function () {
    const services = [
      { name: 'api', path: 'services/api', dockerfile: 'Dockerfile', ports: [8080] },
      { name: 'web', path: 'services/web', dockerfile: 'Dockerfile', ports: [8080] },
      { name: 'worker', path: 'services/worker', dockerfile: 'Dockerfile', ports: [] },
    ];
    const compose = composeFile(services, '# header');
    assert.equal(
      compose.content,
      [
        '# header',
        'services:',
        '  api:',
        '    build:',
        '      context: ./services/api',
        '      dockerfile: Dockerfile',
        '    ports:',
        '      - "8080:8080"',
        '  web:',
        '    build:',
        '      context: ./services/web',
        '      dockerfile: Dockerfile',
        '    ports:',
        '      - "8081:8080"',
        '  worker:',
        '    build:',
        '      context: ./services/worker',
        '      dockerfile: Dockerfile',
        '',
      ].join('\n'),
    );
    const bake = bakeFile(services, '# header', 'repo').content;
    assert.match(bake, /^group "default" \{\n {2}targets = \["api", "web", "worker"\]\n\}$/m);
    assert.match(bake, /^target "web" \{\n {2}context {4}= "\.\/services\/web"\n {2}dockerfile = "Dockerfile"\n/m);
  });
});
