import { get, stringOf } from '@dockstack/plugin-api';

/** Project paths listed by a .sln (`Project(...) = "Name", "src\\Api\\Api.csproj", ...`) or a .slnx (`<Project Path="..."/>`). */
export function solutionProjects(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^Project\("[^"]*"\)\s*=\s*"[^"]*",\s*"([^"]+\.(?:cs|fs|vb)proj)"/gm))
    out.push((m[1] as string).replace(/\\/g, '/'));
  for (const m of text.matchAll(/<Project\s[^>]*Path\s*=\s*"([^"]+\.(?:cs|fs|vb)proj)"/g)) out.push((m[1] as string).replace(/\\/g, '/'));
  return out.map((p) => p.replace(/^\.\//, ''));
}

/** global.json's SDK version and roll-forward policy. */
export function globalJsonSdk(json: unknown): { version?: string; rollForward?: string } {
  const [version, rollForward] = [stringOf(get(json, 'sdk', 'version')), stringOf(get(json, 'sdk', 'rollForward'))];
  return { ...(version === undefined ? {} : { version }), ...(rollForward === undefined ? {} : { rollForward }) };
}
