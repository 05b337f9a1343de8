import { enclosed } from '@dockstack/plugin-api';
import type { BuildFacts } from './detect.js';

/** The text of each `fn(...)` call with balanced parentheses. */
function calls(text: string, fn: string): string[] {
  const clean = text.replace(/#[^\n]*/g, '');
  return [...clean.matchAll(new RegExp(`\\b${fn}\\s*\\(`, 'g'))].map((m) => enclosed(clean, m.index + m[0].length));
}

const strings = (args: string): string[] => [...args.matchAll(/'([^'\\]*)'/g)].map((m) => m[1] ?? '');

/** What a meson.build says that the Dockerfile needs (a text scan, not a Meson interpreter). */
export function parseMeson(text: string): BuildFacts {
  const project = calls(text, 'project')[0] ?? '';
  const projectStrings = strings(project.replace(/\w+\s*:[\s\S]*$/, ''));
  const license = /\blicense\s*:\s*'([^']+)'/.exec(project)?.[1];
  const executables = calls(text, 'executable');
  return {
    ...(projectStrings[0] !== undefined ? { name: projectStrings[0] } : {}),
    ...(license !== undefined ? { license } : {}),
    languages: projectStrings.slice(1),
    executables: executables.map((args) => strings(args)[0] ?? ''),
    installed: executables.filter((args) => /\binstall\s*:\s*true\b/.test(args)).map((args) => strings(args)[0] ?? ''),
    sharedLibraries: calls(text, 'shared_library').length > 0 || /default_library\s*=\s*shared/.test(project),
    packages: calls(text, 'dependency').map((a) => strings(a)[0] ?? ''),
  };
}
