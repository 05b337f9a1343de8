import { dirOf, joinInside } from '@dockstack/plugin-api';

/** What the dotnet stack reads from an SDK-style project file (.csproj, .fsproj, .vbproj). */
export interface ProjectFile {
  /** Path relative to the project root, `/`-separated. */
  path: string;
  sdk: string;
  outputType?: string;
  targetFrameworks: string[];
  assemblyName?: string;
  /** Referenced projects, resolved relative to the project root. */
  references: string[];
  packages: string[];
  frameworkReferences: string[];
  properties: Map<string, string>;
}

function strip(xml: string): string {
  return xml.replace(/^\uFEFF/, '').replace(/<!--[\s\S]*?-->/g, '');
}

/** Parses one project file. Properties set several times keep the last value, as MSBuild does. */
export function parseProject(path: string, source: string): ProjectFile {
  const xml = strip(source);
  const properties = new Map<string, string>();
  for (const group of xml.matchAll(/<PropertyGroup(?:\s[^>]*)?>([\s\S]*?)<\/PropertyGroup>/g)) {
    for (const m of (group[1] ?? '').matchAll(/<([A-Za-z_][\w.]*)(?:\s[^>]*)?>([^<]*)<\/\1>/g))
      properties.set(m[1] as string, (m[2] ?? '').trim());
  }
  const sdk = /<Project\s[^>]*Sdk\s*=\s*"([^"]+)"/.exec(xml)?.[1] ?? /<Sdk\s+Name\s*=\s*"([^"]+)"/.exec(xml)?.[1] ?? '';
  const tfms = (properties.get('TargetFrameworks') ?? properties.get('TargetFramework') ?? '')
    .split(';')
    .map((t) => t.trim())
    .filter(Boolean);
  const dir = dirOf(path);
  const out: ProjectFile = {
    path,
    sdk,
    targetFrameworks: tfms,
    references: [...xml.matchAll(/<ProjectReference\s[^>]*Include\s*=\s*"([^"]+)"/g)]
      .map((m) => joinInside(dir, m[1] as string))
      .filter((p): p is string => p !== undefined),
    packages: [...xml.matchAll(/<PackageReference\s[^>]*Include\s*=\s*"([^"]+)"/g)].map((m) => m[1] as string),
    frameworkReferences: [...xml.matchAll(/<FrameworkReference\s[^>]*Include\s*=\s*"([^"]+)"/g)].map((m) => m[1] as string),
    properties,
  };
  const outputType = properties.get('OutputType');
  if (outputType !== undefined) out.outputType = outputType;
  const assembly = properties.get('AssemblyName');
  if (assembly !== undefined) out.assemblyName = assembly;
  return out;
}

/** Web: the Web SDK, or a framework reference to ASP.NET Core. */
export function isWeb(p: ProjectFile): boolean {
  return /^Microsoft\.NET\.Sdk\.(Web|Razor|BlazorWebAssembly)\b/i.test(p.sdk) || p.frameworkReferences.includes('Microsoft.AspNetCore.App');
}

/** Test projects never make the image. */
export function isTest(p: ProjectFile): boolean {
  return (
    p.properties.get('IsTestProject')?.toLowerCase() === 'true' ||
    p.packages.includes('Microsoft.NET.Test.Sdk') ||
    /\.Tests?$/i.test(nameOf(p))
  );
}

/** Runnable: web, worker, or an Exe output type. */
export function isRunnable(p: ProjectFile): boolean {
  if (isTest(p)) return false;
  return isWeb(p) || /^Microsoft\.NET\.Sdk\.Worker\b/i.test(p.sdk) || /^(Exe|WinExe)$/i.test(p.outputType ?? '');
}

/** File name without the extension. */
export function nameOf(p: ProjectFile): string {
  return (p.path.split('/').pop() ?? p.path).replace(/\.(cs|fs|vb)proj$/, '');
}

/** `net8.0` -> `8.0`; the newest of several; undefined for netstandard/netframework. */
export function runtimeChannel(tfms: readonly string[]): string | undefined {
  const versions = tfms
    .map((t) => /^net(\d+)\.(\d+)(?:-[\w.]+)?$/.exec(t))
    .filter((m): m is RegExpExecArray => m !== null && Number(m[1]) >= 5);
  versions.sort((a, b) => Number(b[1]) - Number(a[1]) || Number(b[2]) - Number(a[2]));
  const best = versions[0];
  return best === undefined ? undefined : `${best[1] as string}.${best[2] as string}`;
}
