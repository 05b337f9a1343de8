import assert from 'node:assert/strict';
import type { DetectResult } from '@dockstack/plugin-api';
import { detect } from '../src/detect.js';
import { joinInside as joinPath } from '@dockstack/plugin-api';
import { parseProject, runtimeChannel } from '../src/msbuild.js';
import { globalJsonSdk, solutionProjects } from '../src/solution.js';
import { memoryView } from '@dockstack/testing';

const web = (tfm: string, extra = ''): string =>
  `<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>${tfm}</TargetFramework></PropertyGroup>${extra}</Project>`;
const lib = (tfm: string, extra = ''): string =>
  `<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>${tfm}</TargetFramework></PropertyGroup>${extra}</Project>`;
const exe = (tfm: string): string =>
  `<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>${tfm}</TargetFramework></PropertyGroup></Project>`;

async function run(files: Record<string, string>): Promise<DetectResult> {
  const result = await detect(memoryView(files));
  assert.ok(result, 'detection returned null');
  return result;
}
const notes = (r: DetectResult): string => (r.notes ?? []).join('\n');

describe('dotnet detection', function () {
  it('parses projects: SDK, frameworks, the last property value, references with backslashes and ..', function () {
    const p = parseProject(
      'src/Api/Api.csproj',
      `<!-- <TargetFramework>net6.0</TargetFramework> -->\n<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFrameworks>net8.0;net9.0</TargetFrameworks><AssemblyName>a</AssemblyName></PropertyGroup><PropertyGroup Condition="x"><AssemblyName>shop-api</AssemblyName></PropertyGroup><ItemGroup><ProjectReference Include="..\\Domain\\Domain.csproj" /><FrameworkReference Include="Microsoft.AspNetCore.App" /></ItemGroup></Project>`,
    );
    assert.equal(p.sdk, 'Microsoft.NET.Sdk.Web');
    assert.deepEqual(p.targetFrameworks, ['net8.0', 'net9.0']);
    assert.equal(p.assemblyName, 'shop-api');
    assert.deepEqual(p.references, ['src/Domain/Domain.csproj']);
    assert.equal(runtimeChannel(p.targetFrameworks), '9.0');
    assert.equal(runtimeChannel(['netstandard2.0', 'net48']), undefined);
    assert.equal(runtimeChannel(['net10.0-windows']), '10.0');
    assert.equal(joinPath('src', '../../x.csproj'), undefined);
    assert.deepEqual(
      solutionProjects(
        'Project("{FAE}") = "A", "src\\A\\A.csproj", "{1}"\nProject("{2150}") = "src", "src", "{2}"\n<Project Path="lib/B/B.fsproj" />',
      ),
      ['src/A/A.csproj', 'lib/B/B.fsproj'],
    );
    assert.deepEqual(globalJsonSdk({ sdk: { version: '8.0.404', rollForward: 'latestMajor' } }), {
      version: '8.0.404',
      rollForward: 'latestMajor',
    });
    assert.deepEqual(globalJsonSdk('x'), {});
  });

  it('prefers the web project among several runnable ones, skips tests, lists the others', async function () {
    const r = await run({
      'src/Tool/Tool.csproj': exe('net8.0'),
      'src/Web/Web.csproj': web('net8.0'),
      'tests/Web.Tests/Web.Tests.csproj': `<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net8.0</TargetFramework></PropertyGroup><ItemGroup><PackageReference Include="Microsoft.NET.Test.Sdk" /></ItemGroup></Project>`,
      'App.sln':
        'Project("{FAE}") = "Tool", "src\\Tool\\Tool.csproj", "{1}"\nProject("{FAE}") = "Web", "src\\Web\\Web.csproj", "{2}"\nProject("{FAE}") = "T", "tests\\Web.Tests\\Web.Tests.csproj", "{3}"\n',
    });
    assert.equal(r.options['project'], 'src/Web/Web.csproj');
    assert.equal(r.options['appKind'], 'web');
    assert.match(notes(r), /src\/Tool\/Tool\.csproj/);
    assert.doesNotMatch(notes(r), /Web\.Tests/);
  });

  it('finds projects under src/* without a solution; a console app gets the runtime image', async function () {
    const r = await run({ 'src/Cli/Cli.csproj': exe('net9.0') });
    assert.equal(r.options['project'], 'src/Cli/Cli.csproj');
    assert.equal(r.options['appKind'], 'console');
    assert.equal(r.options['dotnetVersion'], '9.0');
    assert.equal(r.options['assemblyName'], 'Cli');
  });

  it('global.json: exact SDK for latestPatch, channel for latestFeature, nothing when it equals the runtime channel', async function () {
    const exact = await run({ 'Api.csproj': web('net8.0'), 'global.json': '{"sdk":{"version":"8.0.404"}}' });
    assert.equal(exact.options['sdkVersion'], '8.0.404');
    const newer = await run({ 'Api.csproj': web('net8.0'), 'global.json': '{"sdk":{"version":"9.0.100","rollForward":"latestFeature"}}' });
    assert.equal(newer.options['sdkVersion'], '9.0');
    const same = await run({ 'Api.csproj': web('net9.0'), 'global.json': '{"sdk":{"version":"9.0.100","rollForward":"latestMinor"}}' });
    assert.equal(same.options['sdkVersion'], undefined);
  });

  it('out-of-support targets get 8.0 with a note; no .NET 5+ framework gets the default', async function () {
    const old = await run({ 'Api.csproj': web('net6.0') });
    assert.equal(old.options['dotnetVersion'], '8.0');
    assert.match(notes(old), /retarget to net8\.0/);
    assert.equal((await run({ 'Api.csproj': web('netcoreapp3.1') })).options['dotnetVersion'], '10.0');
  });

  it('restore inputs: transitive references, Directory.* along the path, NuGet config, lock files; a missing reference is noted', async function () {
    const r = await run({
      'src/Api/Api.csproj': web(
        'net8.0',
        '<ItemGroup><ProjectReference Include="../Core/Core.csproj" /><ProjectReference Include="..\\Gone\\Gone.csproj" /></ItemGroup>',
      ),
      'src/Core/Core.csproj': lib('net8.0', '<ItemGroup><ProjectReference Include="..\\Shared\\Shared.csproj" /></ItemGroup>'),
      'src/Shared/Shared.csproj': lib('net8.0'),
      'src/Directory.Build.props': '<Project/>',
      'Directory.Build.targets': '<Project/>',
      'nuget.config': '<configuration/>',
      'src/Core/packages.lock.json': '{}',
    });
    assert.equal(
      r.options['restoreFiles'],
      'nuget.config Directory.Build.targets src/Directory.Build.props src/Core/Core.csproj src/Shared/Shared.csproj src/Core/packages.lock.json',
    );
    assert.match(notes(r), /src\/Gone\/Gone\.csproj, which is not in the build context/);
  });

  it('health path from MapHealthChecks, labels from the project, PublishAot noted', async function () {
    const r = await run({
      'Api.csproj': web(
        'net8.0',
        '<PropertyGroup><RepositoryUrl>https://github.com/a/b.git</RepositoryUrl><PackageLicenseExpression>Apache-2.0</PackageLicenseExpression><PublishAot>true</PublishAot></PropertyGroup>',
      ),
      'Program.cs': 'app.MapHealthChecks( "/health/ready" );',
    });
    assert.equal(r.options['healthcheckPath'], '/health/ready');
    assert.equal(r.options['sourceUrl'], 'https://github.com/a/b');
    assert.equal(r.options['license'], 'Apache-2.0');
    assert.match(notes(r), /PublishAot/);
  });

  it('only tests, or no project at all', async function () {
    const tests = await run({
      'X.Tests.csproj': lib('net8.0', '<ItemGroup><PackageReference Include="Microsoft.NET.Test.Sdk" /></ItemGroup>'),
    });
    assert.equal(tests.confidence, 0.4);
    assert.deepEqual(tests.options, {});
    assert.equal(await detect(memoryView({ 'global.json': '{}', 'README.md': '' })), null);
  });
});
