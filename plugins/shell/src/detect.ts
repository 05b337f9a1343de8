// Detector of the shell stack: a project whose program is a shell script. It yields to any
// other stack's manifest (a start.sh beside package.json is that app's helper, not the app).
import { defineDetector, findings, firstExisting, propose, proposeLabels, result } from '@dockstack/plugin-api';
import { entryScript, shebangShell } from './script.js';
import { serverFacts } from './server.js';
import { declaredPackages } from './tools.js';

/** Manifests of other stacks: with one present, a script is most likely a helper of that app. */
const OTHER_MANIFESTS = [
  'package.json',
  'go.mod',
  'Cargo.toml',
  'pyproject.toml',
  'requirements.txt',
  'Gemfile',
  'composer.json',
  'pom.xml',
  'build.gradle',
  'build.gradle.kts',
  'deno.json',
  'mix.exs',
  'CMakeLists.txt',
  'meson.build',
  'index.html',
];

export const detect = defineDetector(async (p) => {
  const f = findings();
  const script = await entryScript(p, f);
  if (script === undefined) return null;
  propose(f, 'script', script.path, script.how, { file: script.path, says: 'entry script' });
  const name = (script.path.split('/').pop() ?? '').replace(/\.(sh|bash|zsh)$/, '');
  const generic = ['start', 'run', 'main', 'entrypoint', 'app', 'server'].includes(name);

  if (script.args !== undefined) propose(f, 'args', script.args, `the Procfile passes ${script.args}`);
  const shebang = shebangShell(script.text);
  if (script.launcher !== undefined) {
    propose(f, 'shell', script.launcher, `the Procfile runs it with ${script.launcher}`);
  } else if (shebang !== undefined) {
    propose(f, 'shell', shebang.shell, `${script.path} starts with ${shebang.line}`, { file: script.path, says: shebang.line });
  } else {
    f.notes.push(`${script.path} has no shell shebang: it runs with bash (set --set shell=sh for a POSIX script)`);
  }

  const { packages, why } = await declaredPackages(p, script, f);
  if (packages.length > 0) propose(f, 'packages', packages, why);

  const server = serverFacts(script, f);
  propose(f, 'server', server.server, server.why);
  if (server.port !== undefined) propose(f, 'port', server.port, `${script.path} listens on ${server.port}`);

  await proposeLabels(p, f, { appName: [generic ? undefined : name, `named after ${script.path}`] });
  const other = await firstExisting(p, OTHER_MANIFESTS);
  if (other !== undefined) {
    f.notes.push(`${other} is present: the shell stack fits only when ${script.path} itself is the program`);
    return result(f, 0.1);
  }
  // An Aptfile or a Procfile web line is a deliberate declaration of how the script runs: it outranks a
  // site or folder another stack would also take (busybox httpd serving public/).
  const declared = script.how.startsWith('the Procfile') || (await p.exists('Aptfile'));
  const interpreter = shebang !== undefined || script.launcher !== undefined;
  return result(f, interpreter ? (declared ? 0.75 : 0.6) : 0.4);
});
