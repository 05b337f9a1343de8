import assert from 'node:assert/strict';
import { lintDockerfile } from '@dockstack/lint';
import { df } from './support.js';

const GOOD = '.git\n.env*\n*.pem\n*.key\nid_rsa*\nnode_modules\ndist\n.yarn/*\n!.yarn/releases\n';
const run = (text: string, dockerignore: string | undefined) => lintDockerfile(text, { dockerignore, shellcheck: false });
const tail = ['USER 1000:1000', 'CMD ["node", "index.js"]'];

describe('DS-43: .dockerignore against COPY, ADD and bind-mount sources', function () {
  it('COPY . . is fine when a .dockerignore exists', async function () {
    const { findings } = await run(df('FROM node:22-alpine', 'WORKDIR /app', 'COPY . .', ...tail), GOOD);
    assert.deepEqual(findings, []);
  });

  it('reports a COPY source that .dockerignore excludes (Docker matching semantics)', async function () {
    const text = df('FROM node:22-alpine', 'WORKDIR /app', 'COPY package.json ./', 'COPY dist/ ./dist/', ...tail);
    const { findings } = await run(text, GOOD);
    assert.deepEqual(
      findings.map((f) => [f.rule, f.line]),
      [['DS-43', 4]],
    );
    assert.match(findings[0]?.message ?? '', /"dist" is excluded/);
  });

  it('reports a RUN --mount=type=bind source that is excluded, honours ! exceptions', async function () {
    const text = df(
      'FROM node:22-alpine',
      'WORKDIR /app',
      'RUN --mount=type=bind,source=.yarn/releases/yarn-4.5.0.cjs,target=.yarn/releases/yarn-4.5.0.cjs \\',
      '    --mount=type=bind,source=.yarn/cache,target=.yarn/cache \\',
      '    node .yarn/releases/yarn-4.5.0.cjs --version',
      ...tail,
    );
    const { findings } = await run(text, GOOD);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.rule, 'DS-43');
    assert.match(findings[0]?.message ?? '', /"\.yarn\/cache"/);
  });

  it('ignores --from copies, heredocs and cache/secret mounts', async function () {
    const text = df(
      'FROM node:22-alpine AS build',
      'WORKDIR /app',
      'RUN --mount=type=cache,target=/root/.npm --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci',
      'FROM node:22-alpine',
      'WORKDIR /app',
      'COPY --from=build /app/dist ./dist',
      "COPY <<'EOF' /etc/motd",
      'hello',
      'EOF',
      ...tail,
    );
    const { findings } = await run(text, GOOD);
    assert.deepEqual(findings, []);
  });

  it('requires .git, .env*, keys and certificates to be excluded', async function () {
    const { findings } = await run(df('FROM node:22-alpine', 'WORKDIR /app', 'COPY . .', ...tail), 'node_modules\n.git\n');
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.line, 3);
    assert.match(findings[0]?.message ?? '', /does not exclude \.env, \.env\.\*, \*\.pem, \*\.key, id_rsa\*/);
  });

  it('a missing .dockerignore is a finding only when the build reads the context', async function () {
    const copies = await run(df('FROM node:22-alpine', 'WORKDIR /app', 'COPY . .', ...tail), undefined);
    assert.deepEqual(
      copies.findings.map((f) => [f.rule, f.line]),
      [['DS-43', 3]],
    );
    const none = await run(df('FROM node:22-alpine', ...tail), undefined);
    assert.deepEqual(none.findings, []);
  });
});
