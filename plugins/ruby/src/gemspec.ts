/** Name, source URL and license from the project's `*.gemspec`, read as text (never evaluated). */
import type { ProjectView } from '@dockstack/plugin-api';

export interface GemspecFacts {
  name?: string;
  sourceUrl?: string;
  license?: string;
}

const NAME = /^[A-Za-z0-9@][A-Za-z0-9@._/-]{0,127}$/;
const URL = /^https?:\/\/[A-Za-z0-9._~:/?#@!$&()*+,;=%-]+$/;
const LICENSE = /^[A-Za-z0-9.+ ()-]{1,64}$/;

function assigned(code: string, field: string): string | undefined {
  return new RegExp(`\\.${field}\\s*=\\s*(["'])([^"']*)\\1`).exec(code)?.[2];
}

/** Reads the first `*.gemspec` at the project root. */
export async function readGemspec(p: ProjectView, rootNames: string[]): Promise<GemspecFacts> {
  const file = rootNames.filter((n) => n.endsWith('.gemspec')).sort()[0];
  if (file === undefined) return {};
  const code = (await p.readText(file)) ?? '';
  const name = assigned(code, 'name');
  const source = /metadata\[\s*["']source_code_uri["']\s*\]\s*=\s*["']([^"']+)["']/.exec(code)?.[1] ?? assigned(code, 'homepage');
  const license = assigned(code, 'license') ?? /\.licenses\s*=\s*\[\s*["']([^"']+)["']/.exec(code)?.[1];
  return {
    ...(name !== undefined && NAME.test(name) ? { name } : {}),
    ...(source !== undefined && URL.test(source) ? { sourceUrl: source } : {}),
    ...(license !== undefined && LICENSE.test(license) ? { license } : {}),
  };
}
