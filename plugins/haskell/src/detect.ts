// Detector of the haskell stack: a cabal project (a .cabal file at the root, or cabal.project naming packages).
// Reads the .cabal files, cabal.project, .tool-versions and a bounded set of sources; proposes the executable,
// the GHC version, the build files, whether packages beyond GHC's own are needed, and the server facts.
import {
  LICENSE_EXPRESSION,
  SOURCE_URL,
  defineDetector,
  evidence,
  findings,
  propose,
  proposeLicenseFile,
  result,
  type ProjectView,
} from '@dockstack/plugin-api';
import { GHC_BOOT_PACKAGES, newest, parseCabal, parseCabalProject, type CabalFacts } from './cabal-file.js';

const SERVER_DEPS = ['warp', 'scotty', 'servant-server', 'yesod', 'yesod-core', 'snap-server', 'spock', 'twain', 'network', 'wai'];
const PORT_PATTERNS = [
  /fromMaybe\s+"(\d{2,5})"[^\n]*lookupEnv\s+"PORT"|lookupEnv\s+"PORT"[^\n]*fromMaybe\s+"?(\d{2,5})/,
  /\b(?:Warp\.)?run\s+(\d{2,5})\b|\bscotty\s+(\d{2,5})\b|\bsetPort\s+(\d{2,5})\b/,
];

/** .cabal files at the root and in the directories cabal.project lists (globs as plain directories). */
async function cabalFiles(p: ProjectView, packages: string[]): Promise<string[]> {
  const dirs = ['', ...packages.map((d) => d.replace(/\/?\*?\.cabal$|\/\*$|\/$/g, '')).filter((d) => d !== '.' && !d.includes('*'))];
  const out: string[] = [];
  for (const dir of [...new Set(dirs)])
    for (const e of await p.list(dir || undefined)) if (e.kind === 'file' && e.name.endsWith('.cabal')) out.push(e.path);
  return out.slice(0, 20);
}

/** `.hs` files under the source directories (app/, src/, exe/, the root), at most 40. */
async function sources(p: ProjectView, roots: string[]): Promise<Array<{ path: string; text: string }>> {
  const dirs = [...roots];
  const out: Array<{ path: string; text: string }> = [];
  for (let i = 0; i < dirs.length && out.length < 40; i++) {
    for (const e of await p.list(dirs[i] || undefined)) {
      if (e.kind === 'dir' && dirs[i] !== '' && e.path.split('/').length < 5) dirs.push(e.path);
      if (e.kind !== 'file' || !e.name.endsWith('.hs')) continue;
      const text = await p.readText(e.path);
      if (text !== undefined) out.push({ path: e.path, text });
    }
  }
  return out;
}

export const detect = defineDetector(async (p) => {
  const projectText = await p.readText('cabal.project');
  const project = projectText === undefined ? { packages: [] } : parseCabalProject(projectText);
  const paths = await cabalFiles(p, project.packages);
  if (paths.length === 0) {
    if (!(await p.exists('package.yaml')) && !(await p.exists('stack.yaml'))) return null;
    const f = findings({
      file: (await p.exists('package.yaml')) ? 'package.yaml' : 'stack.yaml',
      says: 'Haskell project without a .cabal file',
    });
    f.notes.push('no .cabal file: run `hpack` (or `stack build` once) and commit the generated .cabal file; this stack builds with cabal');
    return result(f, 0.4);
  }
  const f = findings(
    projectText === undefined ? { file: paths[0] ?? '', says: 'cabal package' } : { file: 'cabal.project', says: 'cabal project' },
  );
  const parsed: Array<{ path: string; facts: CabalFacts }> = [];
  for (const path of paths) {
    const text = await p.readText(path);
    if (text !== undefined) parsed.push({ path, facts: parseCabal(text) });
  }
  const withExe = parsed.find((c) => c.facts.executables.length > 0) ?? parsed[0];
  if (withExe === undefined) return result(f, 0.5);
  const cabal = withExe.facts;
  if (projectText !== undefined) evidence(f, withExe.path, 'package with the executable');

  if (cabal.name !== undefined) propose(f, 'appName', cabal.name, `${withExe.path} name: ${cabal.name}`);
  const exe = cabal.executables[0];
  if (exe !== undefined) {
    propose(f, 'executable', exe, `${withExe.path} executable ${exe}`);
    evidence(f, withExe.path, `executable ${exe}`);
    if (cabal.executables.length > 1)
      f.notes.push(
        `${withExe.path} defines executables ${cabal.executables.join(', ')}: building ${exe}; --set executable=<name> builds another`,
      );
  } else f.notes.push(`${withExe.path} has no executable stanza: the image needs one (--set executable=<name> names it)`);

  const buildFiles = [
    ...(projectText === undefined ? [] : ['cabal.project']),
    ...((await p.exists('cabal.project.freeze')) ? ['cabal.project.freeze'] : []),
    ...parsed.map((c) => c.path),
  ];
  propose(f, 'buildFiles', buildFiles.join(' '), 'the .cabal and cabal.project files');

  const own = new Set(parsed.map((c) => c.facts.name).filter((n): n is string => n !== undefined));
  const external = [...new Set(parsed.flatMap((c) => c.facts.depends))].filter((d) => !GHC_BOOT_PACKAGES.has(d) && !own.has(d));
  if (external.length > 0) {
    propose(f, 'cabalDependencies', true, `build-depends on ${external.slice(0, 8).join(', ')}`);
    evidence(f, withExe.path, `build-depends: ${external.slice(0, 8).join(', ')}`);
    if (!(await p.exists('cabal.project.freeze')))
      f.notes.push('no cabal.project.freeze: `cabal freeze` pins the dependency versions the image builds with');
  } else propose(f, 'cabalDependencies', false, 'build-depends only on packages that ship with GHC');

  const source = [cabal.repository, cabal.homepage].find((u) => u !== undefined && SOURCE_URL.test(u));
  if (source !== undefined)
    propose(f, 'sourceUrl', source, `${withExe.path} ${source === cabal.repository ? 'source-repository' : 'homepage'}`);
  if (cabal.license !== undefined && LICENSE_EXPRESSION.test(cabal.license))
    propose(f, 'license', cabal.license, `${withExe.path} license: ${cabal.license}`);
  else await proposeLicenseFile(p, f);

  const tv = /^ghc\s+(9\.\d+(?:\.\d+)?)/m.exec((await p.readText('.tool-versions')) ?? '')?.[1];
  const ghc: [string, string, string] | undefined =
    tv !== undefined
      ? [tv, '.tool-versions', `ghc ${tv}`]
      : project.compiler !== undefined
        ? [project.compiler, 'cabal.project', `with-compiler: ghc-${project.compiler}`]
        : cabal.testedWith.length > 0
          ? [newest(cabal.testedWith) ?? '', withExe.path, `tested-with: GHC ${newest(cabal.testedWith) ?? ''}`]
          : undefined;
  if (ghc !== undefined) {
    propose(f, 'ghcVersion', ghc[0], `${ghc[1]} ${ghc[2]}`);
    evidence(f, ghc[1], ghc[2]);
  }
  if (await p.exists('stack.yaml'))
    f.notes.push('stack.yaml: the image builds with cabal from the .cabal files, not with Stack (its resolver is not used)');

  const dir = withExe.path.includes('/') ? withExe.path.slice(0, withExe.path.lastIndexOf('/')) : '';
  const roots = ['app', 'src', 'exe', ''].map((d) => [dir, d].filter((s) => s !== '').join('/'));
  const files = await sources(p, roots);
  const listener = SERVER_DEPS.find((d) => cabal.depends.includes(d));
  if (listener !== undefined) {
    propose(f, 'server', true, `${withExe.path} depends on ${listener}`);
    evidence(f, withExe.path, `${listener} (server)`);
    for (const s of files) {
      for (const re of PORT_PATTERNS) {
        const m = re.exec(s.text);
        const port = Number(m?.slice(1).find((g) => g !== undefined));
        if (m !== null && port >= 1 && port <= 65535) {
          propose(f, 'port', port, `${s.path} ${/PORT/.test(m[0]) ? 'falls back to PORT' : 'listens on'} ${port}`);
          evidence(f, s.path, `port ${port}`);
          return result(f, 0.9);
        }
      }
    }
  } else
    propose(
      f,
      'server',
      false,
      'no server library (warp, scotty, servant-server, yesod, snap-server, network) in build-depends: a run-to-completion program',
    );
  return result(f, 0.9);
});
