import assert from 'node:assert/strict';
import path from 'node:path';
import { GENERATOR_VERSION, generate, loadStack, type LoadedStack } from '@dockstack/core';

const stackDir = path.resolve(import.meta.dirname, '..');

const SWITCHES: Array<[string, unknown[]]> = [
  ['appKind', ['web', 'console']],
  ['runtimeVariant', ['standard', 'chiseled', 'chiseled-extra']],
  ['sdkVersion', ['', '8.0.404']],
  ['restoreFiles', ['', 'src/Lib/Lib.csproj Directory.Build.props NuGet.config']],
  ['healthcheckPath', ['', '/healthz']],
  ['healthcheckCommand', ['', 'dotnet Api.dll --healthcheck']],
  ['readyToRun', [false, true]],
  ['nugetConfig', [false, true]],
  ['registry', ['', 'mirror.example.com/mcr']],
];

function combos(): Array<Record<string, unknown>> {
  let out: Array<Record<string, unknown>> = [{ project: 'src/Api/Api.csproj', assemblyName: 'Api' }];
  for (const [key, values] of SWITCHES) out = out.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  return out.map((c, i) => ({ ...c, syntax: i % 2 === 0, dotnetVersion: ['8.0', '9.0', '10.0'][i % 3] }));
}

function instructions(dockerfile: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of dockerfile.split('\n')) {
    if (current === '' && (line.startsWith('#') || line.trim() === '')) continue;
    current += current === '' ? line : ` ${line.trim()}`;
    if (current.endsWith('\\')) current = current.slice(0, -1).trimEnd();
    else {
      out.push(current);
      current = '';
    }
  }
  return out;
}

function render(stack: LoadedStack, values: Record<string, unknown>): { dockerfile: string; ignore: string } {
  const files = generate(stack, [{ source: 'flag --set', values }], GENERATOR_VERSION).files;
  return {
    dockerfile: files.find((f) => f.path === 'Dockerfile')?.content ?? '',
    ignore: files.find((f) => f.path === '.dockerignore')?.content ?? '',
  };
}

function checkOne(v: Record<string, unknown>, dockerfile: string, ignore: string): void {
  const where = JSON.stringify(v);
  const ins = instructions(dockerfile);
  const web = v['appKind'] === 'web';
  const chiseled = v['runtimeVariant'] !== 'standard';
  const reg = (v['registry'] as string) || 'mcr.microsoft.com';
  // Images: SDK on the build platform, aspnet or runtime with the variant suffix.
  const suffix = { standard: '', chiseled: '-noble-chiseled', 'chiseled-extra': '-noble-chiseled-extra' }[v['runtimeVariant'] as string];
  assert.ok(ins.includes(`ARG RUNTIME_IMAGE=${reg}/dotnet/${web ? 'aspnet' : 'runtime'}:\${DOTNET_VERSION}${suffix ?? ''}`), where);
  assert.ok(
    ins.includes(
      v['sdkVersion'] ? `ARG SDK_IMAGE=${reg}/dotnet/sdk:\${SDK_VERSION}` : `ARG SDK_IMAGE=${reg}/dotnet/sdk:\${DOTNET_VERSION}`,
    ),
    where,
  );
  const froms = ins.filter((i) => i.startsWith('FROM '));
  assert.deepEqual(froms, ['FROM --platform=$BUILDPLATFORM ${SDK_IMAGE} AS build', 'FROM ${RUNTIME_IMAGE} AS runtime'], where);
  dockerfile.split('\n').forEach((line, i, all) => {
    if (line.startsWith('FROM ')) assert.match(all[i - 1] ?? '', /^# [a-z]+: /, `${where}: stage without its comment`);
  });
  // Build stage: TARGETARCH declared; restore with only project files bound and NuGet's download cache; publish after COPY.
  const at = (pred: (i: string) => boolean): number => ins.findIndex(pred);
  const restore = at((i) => i.includes('dotnet restore'));
  const copy = at((i) => i === 'COPY . .');
  const publish = at((i) => i.includes('dotnet publish'));
  assert.ok(at((i) => i === 'ARG TARGETARCH') < restore && restore < copy && copy < publish, `${where}: stage order`);
  const r = ins[restore] as string;
  const p = ins[publish] as string;
  assert.ok(r.includes('--mount=type=bind,source=src/Api/Api.csproj,target=src/Api/Api.csproj'), where);
  for (const f of ((v['restoreFiles'] as string) || '').split(' ').filter(Boolean))
    assert.ok(r.includes(`--mount=type=bind,source=${f},target=${f}`), `${where}: ${f} not bound`);
  // Downloads in the cache mount, restored packages in the restore layer: publish --no-restore mounts no
  // cache, so it works on a builder that has the layers but not the mount (NETSDK1064 otherwise).
  assert.ok(r.includes('--mount=type=cache,id=nuget-http,target=/nuget/http-cache'), where);
  assert.ok(ins.includes('ENV NUGET_HTTP_CACHE_PATH=/nuget/http-cache'), `${where}: NuGet's download cache in the mount`);
  assert.ok(!r.includes('/root/.nuget/packages') && !p.includes('--mount'), `${where}: packages in a layer, not a mount`);
  assert.match(r, /dotnet restore src\/Api\/Api\.csproj -a "\$TARGETARCH"( --configfile \/run\/secrets\/nuget-config)?$/, where);
  assert.equal(r.includes('type=secret,id=nuget-config,required=true'), v['nugetConfig'], where);
  assert.match(p, /dotnet publish src\/Api\/Api\.csproj -c Release -a "\$TARGETARCH" --no-restore -o \/app -p:UseAppHost=false/, where);
  assert.equal(p.includes('-p:PublishReadyToRun=true'), v['readyToRun'], where);
  // Runtime: what it copies, APP_UID, port, health, exec form, labels last.
  const runtime = ins.slice(at((i) => i.startsWith('FROM ${RUNTIME_IMAGE}')));
  assert.deepEqual(
    runtime.filter((i) => i.startsWith('COPY ')),
    ['COPY --link --from=build /app /app'],
    where,
  );
  assert.ok(!runtime.some((i) => i.startsWith('RUN ')), `${where}: chiseled has no shell; no RUN in the runtime stage`);
  assert.equal(runtime.filter((i) => i.startsWith('USER ')).pop(), 'USER $APP_UID', where);
  assert.equal(runtime.includes(`ENV ASPNETCORE_HTTP_PORTS=8080`), web, where);
  assert.equal(runtime.includes('EXPOSE 8080'), web, where);
  const hc = runtime.find((i) => i.startsWith('HEALTHCHECK '));
  if (v['healthcheckCommand'])
    assert.equal(
      hc,
      'HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 CMD ["dotnet", "Api.dll", "--healthcheck"]',
      where,
    );
  else if (web && !chiseled && v['healthcheckPath'])
    assert.match(hc ?? '', /CMD \["bash", "-c", "exec 3<>\/dev\/tcp\/127\.0\.0\.1\/8080 && printf 'GET \/healthz HTTP\/1\.0/, where);
  else assert.equal(hc, undefined, `${where}: no HEALTHCHECK without a tool in the image`);
  assert.ok(runtime.includes('ENTRYPOINT ["dotnet", "Api.dll"]'), where);
  assert.match(ins[ins.length - 1] as string, /^LABEL org\.opencontainers\.image\.title=/, where);
  // .dockerignore keeps build output and secrets out, never project files.
  const patterns = ignore.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  for (const keep of ['**/bin/', '**/obj/', '.git', '**/.env*', '**/*.pem', '**/*.key', '.vs/', '*.user', '**/TestResults/'])
    assert.ok(patterns.includes(keep), `${where}: ${keep}`);
  for (const needed of [
    '*.csproj',
    '*.sln',
    'global.json',
    'NuGet.config',
    'Directory.Build.props',
    'Directory.Packages.props',
    'packages.lock.json',
    'src',
  ])
    assert.ok(!patterns.includes(needed), `${where}: ignores ${needed}`);
}

describe('dotnet template', function () {
  let stack: LoadedStack;
  before(async function () {
    stack = await loadStack(stackDir);
  });

  it('renders every combination of its switches with the invariants intact', function () {
    this.timeout(60_000);
    const all = combos();
    assert.ok(all.length >= 500);
    for (const values of all) {
      const { dockerfile, ignore } = render(stack, values);
      checkOne(values, dockerfile, ignore);
    }
  });

  it('never prints a project file twice in the restore mounts', function () {
    const { dockerfile } = render(stack, { project: 'Api.csproj', restoreFiles: 'Api.csproj global.json' });
    assert.equal(dockerfile.split('source=Api.csproj,').length - 1, 1);
  });
});
