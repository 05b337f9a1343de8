import { BAKE_FILE, composeFile, context, type BuildService } from './compose.js';
import type { RenderedFile } from './render.js';

/** The GitHub Actions workflow `--ci` writes. */
export const CI_WORKFLOW_FILE = '.github/workflows/docker.yml';

/** A double-quoted HCL string holding `text` literally (no interpolation, no directive). */
function hcl(text: string): string {
  // a function replacement: in a replacement string `$$` would collapse to one `$`
  return JSON.stringify(text)
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');
}

/** The image repository of a service: IMAGE itself for one service, IMAGE/<service> for several. */
function repository(service: BuildService, many: boolean): string {
  // names are [a-z0-9_-] (serviceName, or the config schema's pattern): safe inside an HCL template
  return many ? `\${IMAGE}/${service.name}` : '${IMAGE}';
}

/**
 * docker-bake.hcl: a group "default" with one target per service (its context, Dockerfile and
 * tag), and the registry build cache each target imports and exports when REGISTRY_CACHE asks:
 * `<image>:buildcache`, every stage (`mode=max`), so a fleet of runners or a remote builder shares
 * one cache. Local builds (REGISTRY_CACHE unset) touch no registry.
 */
export function bakeFile(services: readonly BuildService[], header: string, image: string): RenderedFile {
  const many = services.length > 1;
  const lines = [
    header,
    '',
    '# IMAGE: the registry repository the images go to (e.g. registry.example.com/team/app); TAG: their tag.',
    `variable "IMAGE" {`,
    `  default = ${hcl(image)}`,
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
    `  targets = [${services.map((s) => hcl(s.name)).join(', ')}]`,
    '}',
  ];
  for (const s of services) {
    const repo = repository(s, many);
    lines.push(
      '',
      `target ${hcl(s.name)} {`,
      `  context    = ${hcl(context(s.path))}`,
      `  dockerfile = ${hcl(s.dockerfile)}`,
      `  tags       = ["${repo}:\${TAG}"]`,
      `  cache-from = REGISTRY_CACHE == "" ? [] : ["type=registry,ref=${repo}:buildcache"]`,
      `  cache-to   = REGISTRY_CACHE == "write" ? ["type=registry,ref=${repo}:buildcache,mode=max"] : []`,
      '}',
    );
  }
  return { path: BAKE_FILE, content: `${lines.join('\n')}\n` };
}

/**
 * The GitHub Actions workflow: Buildx, a registry login (skipped for pull requests from forks,
 * which get no secrets), then `docker/bake-action` on docker-bake.hcl. Pushes and pull requests
 * import the registry cache; pushes also export it and push the images tagged with the commit.
 * The registry comes from the repository's settings (variables IMAGE, REGISTRY, REGISTRY_USERNAME,
 * secret REGISTRY_PASSWORD), so the file names no registry and needs no edit.
 */
export function workflowFile(header: string): RenderedFile {
  const lines = [
    header,
    '# Settings (repository variables and secrets): IMAGE, the registry repository (e.g.',
    '# registry.example.com/team/app); REGISTRY, its host (empty: Docker Hub); REGISTRY_USERNAME and the',
    '# secret REGISTRY_PASSWORD. The build cache lives beside the images at <image>:buildcache.',
    'name: docker',
    '',
    'on:',
    '  push:',
    '    branches: [main]',
    '  pull_request:',
    '  workflow_dispatch:',
    '',
    'permissions:',
    '  contents: read',
    '',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-latest',
    '    env:',
    '      IMAGE: ${{ vars.IMAGE }}',
    '      TAG: ${{ github.sha }}',
    "      REGISTRY_CACHE: ${{ github.event_name == 'pull_request' && 'read' || 'write' }}",
    '    steps:',
    '      - name: Check the settings',
    "        if: env.IMAGE == ''",
    '        run: |',
    '          echo "::error::Set the repository variable IMAGE to the registry repository of the images (e.g. registry.example.com/team/app)"',
    '          exit 1',
    '      - uses: actions/checkout@v6',
    '      - uses: docker/setup-buildx-action@v4',
    '      - name: Log in to the registry',
    "        if: github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository",
    '        uses: docker/login-action@v4',
    '        with:',
    '          registry: ${{ vars.REGISTRY }}',
    '          username: ${{ vars.REGISTRY_USERNAME }}',
    '          password: ${{ secrets.REGISTRY_PASSWORD }}',
    '      - name: Build, with the build cache from and to the registry',
    '        uses: docker/bake-action@v7',
    '        with:',
    '          source: .',
    `          files: ${BAKE_FILE}`,
    "          push: ${{ github.event_name != 'pull_request' }}",
  ];
  return { path: CI_WORKFLOW_FILE, content: `${lines.join('\n')}\n` };
}

/** The workflow's header (compose.yaml and docker-bake.hcl keep theirs: `init` with or without --ci writes the same text). */
export function ciHeader(generatorVersion: string): string {
  return `# Generated by dockstack ${generatorVersion} from dockstack's config. Regenerate: dockstack init --ci --force`;
}

/**
 * compose.yaml and docker-bake.hcl (with the registry cache) for the services, and with `ci` the
 * GitHub Actions workflow that builds them through bake.
 */
export function buildFiles(
  services: readonly BuildService[],
  options: { header: string; image: string; ci?: { header: string } },
): RenderedFile[] {
  const files = [composeFile(services, options.header), bakeFile(services, options.header, options.image)];
  return options.ci === undefined ? files : [...files, workflowFile(options.ci.header)];
}
