import type { BuildFacts } from './detect.js';

/** The arguments of every `command(...)` call, comments removed, words split on whitespace. */
function calls(text: string, command: string): string[][] {
  const clean = text.replace(/#[^\n]*/g, '');
  return [...clean.matchAll(new RegExp(`\\b${command}\\s*\\(([^)]*)\\)`, 'gi'))].map((m) =>
    (m[1] ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((w) => w.replace(/^"|"$/g, '')),
  );
}

const KEYWORDS = ['VERSION', 'LANGUAGES', 'DESCRIPTION', 'HOMEPAGE_URL'];
const LANGUAGES: Record<string, string> = { C: 'c', CXX: 'cpp' };

/** What a CMakeLists.txt says that the Dockerfile needs (a text scan, not a CMake interpreter). */
export function parseCmake(text: string): BuildFacts {
  const project = calls(text, 'project')[0] ?? [];
  const keyword = (k: string): string[] => {
    const rest = project.includes(k) ? project.slice(project.indexOf(k) + 1) : [];
    const end = rest.findIndex((w) => KEYWORDS.includes(w));
    return end < 0 ? rest : rest.slice(0, end);
  };
  const languages = keyword('LANGUAGES').length > 0 ? keyword('LANGUAGES') : project.slice(1).filter((w) => w in LANGUAGES);
  const libs = calls(text, 'add_library');
  return {
    ...(project[0] !== undefined ? { name: project[0] } : {}),
    ...(keyword('HOMEPAGE_URL')[0] !== undefined ? { homepage: keyword('HOMEPAGE_URL')[0] } : {}),
    languages: languages.map((l) => LANGUAGES[l] ?? l),
    executables: calls(text, 'add_executable')
      .map((a) => a[0] ?? '')
      .filter((n) => n !== '' && !n.startsWith('$')),
    installed: calls(text, 'install')
      .filter((a) => a[0] === 'TARGETS')
      .flatMap((a) => a.slice(1, a.findIndex((w, i) => i > 0 && /^[A-Z_]+$/.test(w)) >>> 0)),
    sharedLibraries:
      libs.some((a) => a[1] === 'SHARED') ||
      /set\s*\(\s*BUILD_SHARED_LIBS\s+(ON|TRUE|1)\b|option\s*\(\s*BUILD_SHARED_LIBS\s+"[^"]*"\s+ON\b/i.test(text),
    packages: calls(text, 'find_package').map((a) => a[0] ?? ''),
  };
}
