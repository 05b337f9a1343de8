import { APP_NAME, LICENSE_EXPRESSION, type ProjectView, SOURCE_URL } from '@dockstack/plugin-api';
/** Name, source URL and license from the project's `*.gemspec`, read as text (never evaluated). */

export interface GemspecFacts {
  name?: string;
  sourceUrl?: string;
  license?: string;
}

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
    ...(name !== undefined && APP_NAME.test(name) ? { name } : {}),
    ...(source !== undefined && SOURCE_URL.test(source) ? { sourceUrl: source } : {}),
    ...(license !== undefined && LICENSE_EXPRESSION.test(license) ? { license } : {}),
  };
}
