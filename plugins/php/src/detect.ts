import {
  defineDetector,
  findings,
  noteEnvFiles,
  type Findings,
  type ProjectView,
  propose,
  proposeBookwormFor,
  proposeVersion,
  result,
  setLabels,
} from '@dockstack/plugin-api';
import { guessApp } from './app.js';
import { readComposer, type ComposerFacts } from './composer.js';
import { planExtensions } from './extensions.js';
import { DEFAULT_PHP, BOOKWORM_ONLY, fromConstraint, fromVersion } from './php-version.js';

async function phpVersion(p: ProjectView, facts: ComposerFacts, found: Findings): Promise<void> {
  const [file, platform, constraint] = [await p.readText('.php-version'), facts.platformPhp, facts.phpConstraint];
  const resolved = proposeVersion(
    found,
    'phpVersion',
    [
      file !== undefined && { file: '.php-version', says: file.trim(), resolve: () => fromVersion(file, '.php-version') },
      platform !== undefined && {
        file: 'composer.json',
        says: `config.platform.php ${platform}`,
        resolve: () => fromVersion(platform, 'composer.json config.platform.php'),
      },
      constraint !== undefined && { file: 'composer.json', says: `require php ${constraint}`, resolve: () => fromConstraint(constraint) },
    ],
    'names no PHP version this stack can use',
    `no .php-version, config.platform.php or require.php: the default line ${DEFAULT_PHP}`,
  );
  proposeBookwormFor(found, 'PHP', resolved?.version, BOOKWORM_ONLY);
}

function localPackages(facts: ComposerFacts, found: Findings): void {
  const dirs: string[] = [];
  for (const dir of facts.pathRepos) {
    if (dir === '' || dir.startsWith('/') || dir.split('/').includes('..')) {
      found.notes.push(
        `the path repository "${dir || '.'}" is outside the project (or the project itself): the build context cannot use it; vendor the package into the project`,
      );
    } else if (/^[A-Za-z0-9_-][A-Za-z0-9_.-]*(\/[A-Za-z0-9_.-]+)*$/.test(dir)) dirs.push(dir);
  }
  if (dirs.length > 0) {
    propose(
      found,
      'localPackages',
      [...new Set(dirs)].sort(),
      `Composer path repositories (${dirs.join(', ')}) are copied in before composer install`,
    );
  }
}

/** Detects PHP projects: Composer and its lock, PHP version, Laravel/Symfony, web root, extensions. */
export const detect = defineDetector(async (p) => {
  const root = await p.list('.');
  const rootNames = root.map((e) => e.name);
  const phpFiles = rootNames.filter((n) => n.endsWith('.php'));
  const hasComposer = rootNames.includes('composer.json');
  const publicIndex = await p.exists('public/index.php');
  if (!hasComposer && phpFiles.length === 0 && !publicIndex && !rootNames.includes('artisan')) return null;
  const found = findings();
  const facts = await readComposer(p);
  if (hasComposer) {
    found.reasons.push({ file: 'composer.json', says: `${facts.packages.size} required or locked package(s)` });
    if (facts.lock)
      found.reasons.push({
        file: 'composer.lock',
        says: `${Array.isArray(facts.lock.packages) ? facts.lock.packages.length : 0} locked production package(s)`,
      });
    else {
      propose(
        found,
        'lockfile',
        false,
        'no composer.lock: Composer resolves composer.json at build time (not reproducible; commit the lock)',
      );
    }
    if (facts.json === undefined) found.notes.push('composer.json is not valid JSON');
  } else {
    propose(found, 'composer', false, 'no composer.json: plain PHP files, no packages');
  }
  await phpVersion(p, facts, found);
  localPackages(facts, found);
  if (rootNames.includes('auth.json') || facts.otherRepos.length > 0) {
    propose(
      found,
      'authSecret',
      true,
      rootNames.includes('auth.json')
        ? 'auth.json exists: pass it with --secret id=composer_auth,src=auth.json; it is never copied'
        : `private repositories (${facts.otherRepos.slice(0, 2).join(', ')}): pass Composer's auth.json with --secret id=composer_auth,src=auth.json`,
    );
  }

  const requested = new Map([...facts.extensions, ...(await guessApp(p, rootNames, facts, found))]);
  const plan = planExtensions(requested.keys());
  if (plan.install.length > 0) {
    propose(
      found,
      'phpExtensions',
      plan.install,
      plan.install.map((e) => `${e} (${requested.get(e) ?? requested.get(e.replace(/_/g, '-'))})`).join(', '),
    );
  }
  if (plan.unknown.length > 0)
    found.notes.push(
      `extension(s) ${plan.unknown.join(', ')} are required but not installed by this stack: add a RUN with pecl install / docker-php-ext-install after the base stage's`,
    );
  if (/^(7|8\.[01])(\.|$)/.test(String(found.options['phpVersion'] ?? DEFAULT_PHP)))
    found.notes.push('runtime=frankenphp needs PHP 8.2 or newer (FrankenPHP images start at 8.2)');
  setLabels(found, { ...facts, license: facts.license === 'proprietary' ? undefined : facts.license });
  noteEnvFiles(found, rootNames);

  const framework =
    found.options['framework'] === 'laravel' ||
    found.options['documentRoot'] !== undefined ||
    rootNames.includes('index.php') ||
    found.options['startCommand'] !== undefined;
  // A PHP app with a front-end build (Vite in Laravel) is still a PHP app: outrank the node stack.
  const webApp = found.options['framework'] === 'laravel' || found.options['documentRoot'] !== undefined;
  const confidence = hasComposer
    ? facts.lock && webApp
      ? 0.97
      : Math.min(0.95, 0.6 + (facts.lock ? 0.2 : 0) + (framework ? 0.1 : 0))
    : framework
      ? 0.5
      : 0.3;
  return result(found, confidence);
});
