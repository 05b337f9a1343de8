import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { BAKE_FILE, CI_WORKFLOW_FILE, COMPOSE_FILE, bakeFile, buildFiles, planProject, workflowFile } from '@dockstack/core';

const web = { name: 'web', path: '.', dockerfile: 'Dockerfile', ports: [3000] };

describe('ci: docker-bake.hcl, compose.yaml and the GitHub Actions workflow', function () {
  it('bakes one service as IMAGE:TAG, the registry cache at IMAGE:buildcache only when REGISTRY_CACHE asks', function () {
    assert.equal(
      bakeFile([web], '# header', 'shop').content,
      [
        '# header',
        '',
        '# IMAGE: the registry repository the images go to (e.g. registry.example.com/team/app); TAG: their tag.',
        'variable "IMAGE" {',
        '  default = "shop"',
        '}',
        'variable "TAG" {',
        '  default = "latest"',
        '}',
        '# REGISTRY_CACHE: empty uses the local build cache only; "read" also imports the cache from',
        '# <image>:buildcache; "write" imports it and exports every stage to it (mode=max), as CI does.',
        'variable "REGISTRY_CACHE" {',
        '  default = ""',
        '}',
        '',
        'group "default" {',
        '  targets = ["web"]',
        '}',
        '',
        'target "web" {',
        '  context    = "."',
        '  dockerfile = "Dockerfile"',
        '  tags       = ["${IMAGE}:${TAG}"]',
        '  cache-from = REGISTRY_CACHE == "" ? [] : ["type=registry,ref=${IMAGE}:buildcache"]',
        '  cache-to   = REGISTRY_CACHE == "write" ? ["type=registry,ref=${IMAGE}:buildcache,mode=max"] : []',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('gives each of several services its own repository and cache under IMAGE, and keeps literal text literal', function () {
    const bake = bakeFile(
      [
        { name: 'api', path: 'services/${api}', dockerfile: 'Dockerfile', ports: [] },
        { name: 'worker', path: 'services/worker', dockerfile: 'Dockerfile', ports: [] },
      ],
      '# header',
      'mono',
    ).content;
    assert.match(bake, /^ {2}targets = \["api", "worker"\]$/m);
    // a folder named with ${...} is a path, not an HCL interpolation
    assert.match(bake, /^ {2}context {4}= "\.\/services\/\$\$\{api\}"$/m);
    assert.match(bake, /^ {2}tags {7}= \["\$\{IMAGE\}\/worker:\$\{TAG\}"\]$/m);
    assert.match(bake, /ref=\$\{IMAGE\}\/api:buildcache,mode=max"\]/);
    assert.doesNotMatch(bake, /ref=\$\{IMAGE\}:buildcache/, 'no service shares another one cache');
  });

  it('writes a workflow that builds through bake with Buildx and names no registry', function () {
    const text = workflowFile('# header').content;
    const doc = parse(text) as {
      on: Record<string, unknown>;
      jobs: { build: { env: Record<string, string>; steps: Array<{ uses?: string; if?: string; with?: Record<string, string> }> } };
    };
    assert.deepEqual(Object.keys(doc.on), ['push', 'pull_request', 'workflow_dispatch']);
    const { env, steps } = doc.jobs.build;
    assert.deepEqual(steps.map((s) => s.uses?.replace(/@.*/, '')).filter(Boolean), [
      'actions/checkout',
      'docker/setup-buildx-action',
      'docker/login-action',
      'docker/bake-action',
    ]);
    const bake = steps.find((s) => s.uses?.startsWith('docker/bake-action@'));
    assert.deepEqual(bake?.with, { source: '.', files: BAKE_FILE, push: "${{ github.event_name != 'pull_request' }}" });
    // pushes export the cache (mode=max in the bake file), pull requests only read it
    assert.equal(env['REGISTRY_CACHE'], "${{ github.event_name == 'pull_request' && 'read' || 'write' }}");
    assert.equal(env['IMAGE'], '${{ vars.IMAGE }}');
    assert.equal(steps.find((s) => s.uses?.startsWith('docker/login-action@'))?.with?.['registry'], '${{ vars.REGISTRY }}');
    // the settings check runs first and fails the job when IMAGE is unset
    assert.equal(steps[0]?.if, "env.IMAGE == ''");
    assert.doesNotMatch(text, /\b[a-z0-9-]+\.(io|com|net|org)\b(?!\/team)/, 'no registry host in the workflow');
  });

  it('buildFiles adds the workflow only for --ci', function () {
    assert.deepEqual(
      buildFiles([web], { header: '# h', image: 'shop' }).map((f) => f.path),
      [COMPOSE_FILE, BAKE_FILE],
    );
    assert.deepEqual(
      buildFiles([web], { header: '# h', image: 'shop', ci: { header: '# ci' } }).map((f) => f.path),
      [COMPOSE_FILE, BAKE_FILE, CI_WORKFLOW_FILE],
    );
  });

  describe('planProject with ci', function () {
    let root: string;
    const dockerfile = 'FROM scratch AS runtime\nEXPOSE 8080\n';
    const changes = (ci: boolean): Parameters<typeof planProject>[0] => ({
      root,
      nextConfig: { stacks: [{ stack: 'node', path: '.' }] },
      nextLock: { lockfileVersion: 1, services: {} },
      files: [{ path: 'Dockerfile', content: dockerfile }],
      generatorVersion: '9.9.9',
      frozen: false,
      ci,
    });

    beforeEach(function () {
      root = mkdtempSync(path.join(tmpdir(), 'dockstack-ci-Shop App-'));
    });
    afterEach(function () {
      rmSync(root, { recursive: true, force: true });
    });

    it('plans compose.yaml, docker-bake.hcl and the workflow for a single service (without ci: none of them)', async function () {
      assert.deepEqual((await planProject(changes(false))).compose, []);
      const plan = await planProject(changes(true));
      assert.deepEqual(
        plan.compose.map((p) => [p.path, p.status]),
        [
          [COMPOSE_FILE, 'create'],
          [BAKE_FILE, 'create'],
          [CI_WORKFLOW_FILE, 'create'],
        ],
      );
      assert.ok(
        plan.all.some((p) => p.path === CI_WORKFLOW_FILE),
        'the workflow is written with everything else',
      );
      assert.match(plan.compose[1]?.content ?? '', /default = "dockstack-ci-shop-app-[^"]*"/);
      assert.match(plan.compose[0]?.content ?? '', /- "8080:8080"/);
    });

    it('marks a workflow the user already has as an overwrite, with its diff', async function () {
      const { mkdirSync } = await import('node:fs');
      mkdirSync(path.join(root, '.github', 'workflows'), { recursive: true });
      writeFileSync(path.join(root, CI_WORKFLOW_FILE), 'name: mine\n');
      const plan = await planProject(changes(true));
      const workflow = plan.compose.find((p) => p.path === CI_WORKFLOW_FILE);
      assert.equal(workflow?.status, 'overwrite');
      assert.match(workflow?.diff ?? '', /^-name: mine$/m);
    });
  });
});
