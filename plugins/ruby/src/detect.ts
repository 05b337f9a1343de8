import {
  defineDetector,
  findings,
  noteEnvFiles,
  type Findings,
  result,
  type ProjectView,
  propose,
  proposeBookwormFor,
  proposeVersion,
  releaseLine,
  toolVersion,
} from '@dockstack/plugin-api';
import { guessRun } from './frameworks.js';
import { parseGemfile, type Gemfile } from './gemfile.js';
import { closure, parseLockfile, supportsLinux, type Lockfile } from './lockfile.js';
import { nativeNeeds } from './native.js';
import { readGemspec } from './gemspec.js';
import { DEFAULT_RUBY, BOOKWORM_ONLY, fromRequirements, fromVersionFile, type ResolvedRuby } from './ruby-version.js';

const WITHOUT = ['development', 'test'];

async function rubyVersion(p: ProjectView, gemfile: Gemfile | undefined, lock: Lockfile | undefined, found: Findings): Promise<void> {
  const versionFile = await p.readText('.ruby-version');
  const [tools, locked, ruby] = [await toolVersion(p, 'ruby'), lock?.rubyVersion, gemfile?.ruby];
  const file = ruby?.file?.replace(/^\.\//, '');
  const value =
    file === undefined ? '' : ((file === '.ruby-version' ? versionFile : await p.readText(file))?.trim().replace(/^ruby-/, '') ?? '');
  const fromRubyFile = (): ResolvedRuby | undefined => {
    if (!/^\d\.\d{1,2}(\.\d{1,2})?$/.test(value)) return undefined;
    const exact = value.split('.').length === 3;
    const how = exact
      ? `Gemfile ruby file: ${file} "${value}": Bundler refuses any other Ruby, so the image pins it exactly`
      : `Gemfile ruby file: ${file}: the ${value} line`;
    return { version: value, how, enforced: exact, notes: [] };
  };
  const resolved = proposeVersion(
    found,
    'rubyVersion',
    [
      file !== undefined && { file: 'Gemfile', says: `ruby file: "${file}" (${value || 'missing'})`, resolve: fromRubyFile },
      file === undefined &&
        ruby !== undefined && {
          file: 'Gemfile',
          says: `ruby ${ruby.requirements.map((r) => `"${r}"`).join(', ')}`,
          resolve: () => fromRequirements(ruby.requirements),
        },
      versionFile !== undefined && {
        file: '.ruby-version',
        says: versionFile.trim(),
        resolve: () => fromVersionFile(versionFile, '.ruby-version'),
      },
      tools !== undefined && { file: '.tool-versions', says: `ruby ${tools}`, resolve: () => fromVersionFile(tools, '.tool-versions') },
      locked !== undefined && {
        file: 'Gemfile.lock',
        says: `RUBY VERSION ${locked}`,
        resolve: () => fromVersionFile(releaseLine(locked), 'Gemfile.lock RUBY VERSION'),
      },
    ],
    'does not name a CRuby version this stack can use',
    `no Gemfile ruby directive, .ruby-version or lockfile RUBY VERSION: the default line ${DEFAULT_RUBY}`,
  );
  proposeBookwormFor(found, 'Ruby', resolved?.version, BOOKWORM_ONLY);
  if (resolved?.enforced === true) {
    propose(
      found,
      'debianRelease',
      'bookworm',
      `an exact Ruby ${resolved.version} image exists for bookworm whatever its age; trixie variants only exist for releases since mid-2025`,
    );
    found.notes.push(
      `The image pins Ruby ${resolved.version} because the Gemfile requires exactly it: bump it by editing the Gemfile (and Gemfile.lock's RUBY VERSION)`,
    );
  }
}

/** Production gems: the lockfile's direct dependencies outside development/test groups, and what they pull in. */
function productionGems(gemfile: Gemfile | undefined, lock: Lockfile): Set<string> {
  const groups = new Map<string, string[]>();
  for (const gem of gemfile?.gems ?? []) groups.set(gem.name, gem.groups);
  const roots = lock.dependencies.filter((name) => {
    const g = groups.get(name);
    return g === undefined || g.length === 0 || g.some((x) => !WITHOUT.includes(x));
  });
  return closure(lock, roots);
}

function localPaths(gemfile: Gemfile | undefined, lock: Lockfile | undefined, found: Findings): string[] {
  const raw = [
    ...(gemfile?.gems ?? []).flatMap((g) => (g.path !== undefined ? [g.path] : [])),
    ...(gemfile?.gemspecs ?? []),
    ...(lock?.paths ?? []),
  ];
  const out = new Set<string>();
  for (const r of raw) {
    const path = r.replace(/^\.\//, '').replace(/\/+$/, '') || '.';
    if (path.startsWith('/') || path.split('/').includes('..')) {
      found.notes.push(`the path gem at "${r}" is outside the project: the build context cannot reach it; vendor it into the project`);
      continue;
    }
    if (/^\.$|^[A-Za-z0-9_-][A-Za-z0-9_.-]*(\/[A-Za-z0-9_.-]+)*$/.test(path)) out.add(path);
  }
  return out.has('.') ? ['.'] : [...out].sort();
}

/** Detects Ruby projects: Bundler and its lockfile, Ruby version, Rails/Sinatra/Rack, native gems. */
export const detect = defineDetector(async (p) => {
  const root = await p.list('.');
  const rootNames = root.map((e) => e.name);
  const hasGemfile = rootNames.includes('Gemfile');
  const rbFiles = rootNames.filter((n) => n.endsWith('.rb'));
  if (
    !hasGemfile &&
    !rootNames.includes('config.ru') &&
    !rootNames.includes('Gemfile.lock') &&
    rbFiles.length === 0 &&
    !rootNames.includes('.ruby-version')
  )
    return null;
  const found = findings();
  const gemfileText = hasGemfile ? await p.readText('Gemfile') : undefined;
  const gemfile = gemfileText !== undefined ? parseGemfile(gemfileText) : undefined;
  const lockText = rootNames.includes('Gemfile.lock') ? await p.readText('Gemfile.lock') : undefined;
  const lock = lockText !== undefined ? parseLockfile(lockText) : undefined;
  if (rootNames.includes('gems.rb')) found.notes.push('gems.rb/gems.locked are not handled: this stack reads Gemfile and Gemfile.lock');

  if (gemfile !== undefined) {
    found.reasons.push({ file: 'Gemfile', says: `${gemfile.gems.length} gem(s)` });
    if (lock !== undefined) {
      found.reasons.push({
        file: 'Gemfile.lock',
        says: `${lock.gems.size} locked gem(s)${lock.bundledWith ? `, bundled with ${lock.bundledWith}` : ''}`,
      });
      if (!supportsLinux(lock))
        found.notes.push(
          `Gemfile.lock lists only the platforms ${lock.platforms.join(', ')}: BUNDLE_DEPLOYMENT refuses to install on Linux; run \`bundle lock --add-platform x86_64-linux aarch64-linux\` and commit the lockfile`,
        );
    } else {
      propose(
        found,
        'lockfile',
        false,
        'no Gemfile.lock: Bundler resolves the Gemfile at build time (not reproducible; commit a lockfile)',
      );
    }
    if (gemfile.unread.length > 0)
      found.notes.push(`the Gemfile loads other files (${gemfile.unread.slice(0, 2).join('; ')}): their gems were not read for detection`);
  } else {
    propose(found, 'bundler', false, 'no Gemfile: the app uses only the standard library');
  }
  await rubyVersion(p, gemfile, lock, found);

  const production =
    lock !== undefined
      ? productionGems(gemfile, lock)
      : new Set(
          (gemfile?.gems ?? []).filter((g) => g.groups.length === 0 || g.groups.some((x) => !WITHOUT.includes(x))).map((g) => g.name),
        );
  const locals = localPaths(gemfile, lock, found);
  if (locals.length > 0) {
    propose(
      found,
      'localGems',
      locals,
      locals.includes('.')
        ? "the Gemfile reads the project's gemspec: the whole source is copied before bundle install (a source edit re-runs it)"
        : `path gems (${locals.join(', ')}) are copied in before bundle install`,
    );
  }
  const native = lock !== undefined ? nativeNeeds(lock, production) : { build: [], runtime: [], compiled: [] };
  const git = (lock?.gitRemotes.length ?? 0) > 0 || (gemfile?.gems ?? []).some((g) => g.git);
  const build = [...native.build, ...(git ? ['git'] : [])];
  if (build.length > 0) {
    propose(
      found,
      'buildPackages',
      build,
      [
        native.compiled.length > 0
          ? `${native.compiled.slice(0, 6).join(', ')}${native.compiled.length > 6 ? ', ...' : ''} compile C extensions`
          : '',
        git ? 'git-sourced gems need git' : '',
      ]
        .filter(Boolean)
        .join('; '),
    );
  }
  if (native.runtime.length > 0) {
    propose(found, 'runtimePackages', native.runtime, `compiled gems load ${native.runtime.join(', ')} at run time`);
  }
  if (production.has('bootsnap')) {
    propose(found, 'bootsnap', true, 'bootsnap is in the production bundle: its cache is built in the image');
  }
  if ((gemfile?.privateSources.length ?? 0) > 0) {
    propose(
      found,
      'gemSourceSecret',
      true,
      `private gem source(s) ${gemfile?.privateSources.join(', ')}: pass Bundler's credentials with --secret id=bundle_config,src=$HOME/.bundle/config`,
    );
  }

  await guessRun(p, rootNames, production, gemfile !== undefined, found);
  const railties = lock?.gems.get('railties')?.version;
  if (found.options['framework'] === 'rails' && railties !== undefined && /^([0-6]\.|7\.0\.)/.test(railties)) {
    propose(
      found,
      'secretKeyBaseDummy',
      false,
      `Rails ${railties} predates SECRET_KEY_BASE_DUMMY (7.1): the precompile gets a throwaway SECRET_KEY_BASE inline`,
    );
  }
  if (rootNames.includes('config') && (await p.exists('config/master.key')))
    found.notes.push('config/master.key is never copied into the image (.dockerignore): pass it at run time as RAILS_MASTER_KEY');

  const spec = await readGemspec(p, rootNames);
  if (spec.name !== undefined && found.options['appName'] === undefined) found.options['appName'] = spec.name;
  if (spec.sourceUrl !== undefined) found.options['sourceUrl'] = spec.sourceUrl;
  if (spec.license !== undefined) found.options['license'] = spec.license;
  noteEnvFiles(found, rootNames);

  const runs = found.options['framework'] !== 'none' || found.options['startCommand'] !== undefined;
  // A Ruby web app with a package.json (jsbundling, Vite Ruby) is still a Ruby app: outrank the node stack.
  const webApp = found.options['framework'] !== undefined && found.options['framework'] !== 'none';
  const confidence = hasGemfile
    ? lock && webApp
      ? 0.97
      : Math.min(0.95, 0.6 + (lock ? 0.2 : 0) + (runs ? 0.1 : 0))
    : rootNames.includes('config.ru')
      ? 0.5
      : runs
        ? 0.4 + (rootNames.includes('.ruby-version') ? 0.1 : 0)
        : 0.2;
  return result(found, confidence);
});
