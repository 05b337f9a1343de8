// The stack kit's helpers, on an in-memory project view.
import assert from 'node:assert/strict';
import {
  admitsLine,
  BOUNDS,
  choose,
  preferredLine,
  sourcePath,
  systemPackages,
  entryCandidates,
  proposeBookwormFor,
  memberDirs,
  proposeImplied,
  type Implied,
  releaseLine,
  type Dialect,
  dirOf,
  endOfLifeNotes,
  existing,
  inDir,
  findings,
  firstExisting,
  firstPort,
  propose,
  proposeLabels,
  readSources,
  firstText,
  ignoredBy,
  ignorePattern,
  lineReason,
  noteEnvFiles,
  portIn,
  proposeChoice,
  proposeLicenseFile,
  proposeVersion,
  setLabels,
  spdxOf,
  toolVersion,
  validPort,
  xmlText,
  xmlTexts,
  type ProjectView,
  type ResolvedVersion,
} from '../src/index.js';

/** A view over `files` (path -> text); only readText and exists are used by these helpers. */
function view(files: Record<string, string>): ProjectView {
  const none = async () => undefined;
  return {
    exists: async (p) => p in files,
    readText: async (p) => files[p],
    readJson: none,
    readJsonc: none,
    readJson5: none,
    readToml: none,
    readYaml: none,
    readXml: none,
    list: async (dir = '') => {
      const prefix = dir === '' || dir === '.' ? '' : `${dir}/`;
      const names = new Map<string, 'file' | 'dir'>();
      for (const path of Object.keys(files).filter((f) => f.startsWith(prefix))) {
        const [name, ...rest] = path.slice(prefix.length).split('/');
        names.set(name as string, rest.length > 0 ? 'dir' : 'file');
      }
      return [...names].map(([name, kind]) => ({ name, path: `${prefix}${name}`, kind }));
    },
  };
}

describe('stack kit', function () {
  describe('entryCandidates, proposeBookwormFor', function () {
    it('lists the preferred names present in order, then the other matches sorted', function () {
      const names = ['z.rb', 'main.rb', 'a.rb', 'app.rb', 'Gemfile'];
      assert.deepEqual(entryCandidates(names, ['app.rb', 'server.rb', 'main.rb'], /\.rb$/), ['app.rb', 'main.rb', 'a.rb', 'z.rb']);
    });

    it('proposes bookworm only for a line whose images never reached trixie', function () {
      const f = findings();
      proposeBookwormFor(f, 'Ruby', '3.3.5', new Set(['3.1']));
      proposeBookwormFor(f, 'Ruby', undefined, new Set(['3.1']));
      assert.deepEqual(f.options, {});
      proposeBookwormFor(f, 'Ruby', '3.1.4', new Set(['3.1']));
      assert.deepEqual(f.options, { debianRelease: 'bookworm' });
      assert.equal(f.why['debianRelease'], 'Ruby 3.1 images were never published for trixie');
    });
  });

  describe('sourcePath, systemPackages', function () {
    it('keeps plain project paths with a listed extension', function () {
      assert.equal(sourcePath('./src/main.ts', ['ts', 'js']), 'src/main.ts');
      assert.equal(sourcePath('main.cts', ['ts', 'js']), undefined);
      assert.equal(sourcePath('../main.ts', ['ts']), undefined);
      assert.equal(sourcePath('src/../../main.ts', ['ts']), undefined);
      assert.equal(sourcePath('$HOME/main.ts', ['ts']), undefined);
    });

    it('collects the Debian packages of the dependencies the table lists, without repeats', function () {
      const table = { pg: { build: ['libpq-dev'], runtime: ['libpq5'] }, psycopg: { runtime: ['libpq5'] }, toString: {} };
      assert.deepEqual(systemPackages(table, ['rails', 'pg', 'psycopg']), {
        build: ['libpq-dev'],
        runtime: ['libpq5'],
        which: ['pg', 'psycopg'],
      });
      assert.deepEqual(systemPackages({}, ['constructor']), { build: [], runtime: [], which: [] });
    });
  });

  describe('memberDirs', function () {
    it('expands * and ? within one folder name, sorted; literal names as is; ** and escapes name none', async function () {
      const p = view({ 'crates/b/x': '', 'crates/a/x': '', 'crates/ab/x': '', 'crates/f.txt': '', 'apps/web/api/x': '' });
      assert.deepEqual(await memberDirs(p, 'crates/*'), ['crates/a', 'crates/ab', 'crates/b']);
      assert.deepEqual(await memberDirs(p, './crates/?/'), ['crates/a', 'crates/b']);
      assert.deepEqual(await memberDirs(p, 'apps/*/api'), ['apps/web/api']);
      assert.deepEqual(await memberDirs(p, 'missing'), ['missing']);
      assert.deepEqual(await memberDirs(p, 'crates/**'), []);
      assert.deepEqual(await memberDirs(p, '../other/*'), []);
    });
  });

  describe('proposeImplied', function () {
    it('applies the entries whose dependency and file conditions hold, in order', async function () {
      const table: Implied[] = [
        { option: 'a', value: 1, why: 'always' },
        { option: 'b', value: 2, why: 'dep x', deps: ['x', 'y'] },
        { option: 'c', value: 3, why: 'dep z', deps: ['z'] },
        { note: 'file f and dep y', deps: ['y'], files: ['f'] },
        { note: 'file g', files: ['f', 'g'] },
      ];
      const f = findings();
      await proposeImplied(view({ f: '' }), f, new Set(['y']), table);
      assert.deepEqual(f.options, { a: 1, b: 2 });
      assert.deepEqual(f.why, { a: 'always', b: 'dep x' });
      assert.deepEqual(f.notes, ['file f and dep y']);
    });
  });

  describe('version constraints: preferredLine, admitsLine, releaseLine', function () {
    const dialect: Dialect = {
      '>=': BOUNDS.atLeast,
      '>': BOUNDS.above,
      '<': BOUNDS.below,
      '<=': BOUNDS.atMost,
      '~>': BOUNDS.compatible,
      '~': BOUNDS.tilde,
      '^': BOUNDS.caret,
      '!=': BOUNDS.notLine,
      '==': BOUNDS.exact,
      '': BOUNDS.line,
    };
    const lines = ['3.4', '4.0', '3.3', '3.2'];

    it('picks the first preferred line the constraint admits, or none', function () {
      const cases: Array<[string, string | undefined]> = [
        ['>= 3.1, < 3.4', '3.3'],
        ['~> 3.2.0', '3.2'],
        ['~> 3.3', '3.4'],
        ['~3.2', '3.2'],
        ['^3.2', '3.4'],
        ['>=3.5', '4.0'],
        ['3.3.*', '3.3'],
        ['==3.3', '3.3'],
        ['>=3.2 !=3.4.* !=4.0.*', '3.3'],
        ['3.2 - 3.3', '3.3'],
        ['<3.2 || 3.3', '3.3'],
        ['<2', undefined],
        ['=>3', undefined],
        ['nonsense', undefined],
      ];
      for (const [constraint, line] of cases) assert.equal(preferredLine(constraint, lines, dialect), line, constraint);
    });

    it('an operator the dialect lacks makes the constraint unusable; an exact version admits only its line', function () {
      assert.equal(preferredLine('~=3.3', lines, dialect), undefined);
      assert.equal(admitsLine('3.3.7', '3.3', dialect), true);
      assert.equal(admitsLine('3.3.7', '3.4', dialect), false);
      assert.equal(admitsLine('>3.3.99', '3.3', dialect), true);
      assert.equal(admitsLine('<=3.3', '3.3', dialect), true);
      assert.equal(admitsLine('<3.3', '3.3', dialect), false);
      assert.deepEqual([releaseLine('8.3.14'), releaseLine('3.3.5p100'), releaseLine('latest')], ['8.3', '3.3', 'latest']);
    });
  });

  describe('proposeVersion', function () {
    const line = (text: string): ResolvedVersion | undefined =>
      /^\d+\.\d+$/.test(text) ? { version: text, how: `the ${text} line`, notes: [`about ${text}`] } : undefined;

    it('records every source tried, notes the unusable ones and proposes the first that resolves', function () {
      const f = findings();
      const got = proposeVersion(
        f,
        'v',
        [
          undefined,
          { file: '.a-version', says: 'latest', resolve: () => line('latest') },
          false,
          { file: 'b.toml', says: 'v 3.2', resolve: () => line('3.2') },
          { file: 'c.txt', says: 'never read', resolve: () => assert.fail('tried after a source resolved') },
        ],
        'names no usable version',
        'the default',
      );
      assert.equal(got?.version, '3.2');
      assert.deepEqual(f.reasons, [
        { file: '.a-version', says: 'latest' },
        { file: 'b.toml', says: 'v 3.2' },
      ]);
      assert.deepEqual(f.options, { v: '3.2' });
      assert.deepEqual(f.why, { v: 'the 3.2 line' });
      assert.deepEqual(f.notes, ['.a-version: "latest" names no usable version', 'about 3.2']);
    });

    it('keeps the default and says why when nothing resolves', function () {
      const f = findings();
      assert.equal(
        proposeVersion(f, 'v', [{ file: 'x', says: 'y', resolve: () => undefined }], 'is unusable', 'no pin: the default'),
        undefined,
      );
      assert.deepEqual(f.options, {});
      assert.deepEqual(f.why, { v: 'no pin: the default' });
    });
  });

  describe('ignorePattern, ignoredBy, noteEnvFiles', function () {
    it('reads .dockerignore patterns from the context root: * and ? within a name, ** over folders, folders exclude what is below', function () {
      const t = (pattern: string, path: string): boolean => ignorePattern(pattern).test(path);
      assert.ok(t('README*', 'README.md') && !t('README*', 'docs/README.md'));
      assert.ok(t('bin/', 'bin') && t('bin/', 'bin/app') && !t('bin/', 'binary') && !t('bin/', 'cmd/bin'));
      assert.ok(t('**/.env*', '.env') && t('**/.env*', 'config/deploy/.env.prod') && !t('**/.env*', 'config/env'));
      assert.ok(t('**/*.pem', 'certs/ca.pem') && !t('**/*.pem', 'certs/ca.pem.txt'));
      assert.ok(t('*.prof', 'cpu.prof') && !t('*.prof', 'pkg/cpu.prof'));
      assert.ok(t('?.log', 'a.log') && !t('?.log', 'ab.log'));
      assert.ok(t('/.git', '.git/config') && t('dist/**', 'dist/a/b.js') && !t('a.b', 'axb'));
    });

    it('names the first pattern that excludes a path, and notes .env files at the root', function () {
      const patterns = ['README*', '**/*.key', '**/*'];
      assert.equal(ignoredBy('./README.md', patterns), 'README*');
      assert.equal(ignoredBy('keys/site.key', patterns), '**/*.key');
      assert.equal(ignoredBy('static/index.html', ['README*', '**/*.key']), undefined);
      const f = findings();
      noteEnvFiles(f, ['app.py', 'env', 'dotenv']);
      assert.deepEqual(f.notes, []);
      noteEnvFiles(f, ['app.py', '.env.example']);
      assert.deepEqual(f.notes, ['.env files are kept out of the image (.dockerignore): pass settings with docker run --env-file']);
    });
  });

  it('xmlText and xmlTexts read element text as readXml gives it, attributes beside it or not', function () {
    assert.equal(xmlText(' 17 '), '17');
    assert.equal(xmlText({ '#text': ' x ', '@_id': 'a' }), 'x');
    assert.equal(xmlText({ child: 'y' }), undefined);
    const plugin = {
      configuration: { goals: { goal: ['repackage', { '#text': 'build-info', '@_x': '1' }] } },
      executions: [{ goal: 'run' }, { goal: { n: 1 } }],
    };
    assert.deepEqual(xmlTexts(plugin, 'goal'), ['repackage', 'build-info', 'run']);
    assert.deepEqual(xmlTexts([plugin, { goal: 'last' }], 'goal'), ['repackage', 'build-info', 'run', 'last']);
  });

  it('lineReason names the line, and for a patch pin that the image follows the line and how to pin', function () {
    assert.equal(lineReason('.ruby-version', '3.3', '3.3', 'rubyVersion'), '.ruby-version: the 3.3 line');
    assert.equal(lineReason(undefined, '3.12', '3.12', 'pythonVersion'), 'the 3.12 line');
    assert.equal(
      lineReason('.php-version', '8.3.14', '8.3', 'phpVersion', '14'),
      '.php-version "8.3.14" pins a patch release; the image follows the 8.3 line so it gets security fixes (set phpVersion=8.3.14 to pin)',
    );
    assert.match(
      lineReason(undefined, 'cpython-3.12.7', '3.12', 'pythonVersion', '7'),
      /^"cpython-3\.12\.7" pins .* \(set pythonVersion=3\.12\.7 to pin\)$/,
    );
  });

  it('toolVersion reads the tool line of .tool-versions', async function () {
    const p = view({ '.tool-versions': 'nodejs 22.1.0\nruby 3.3.5 # pinned\nrubyx 1\n' });
    assert.equal(await toolVersion(p, 'ruby'), '3.3.5');
    assert.equal(await toolVersion(p, 'nodejs'), '22.1.0');
    assert.equal(await toolVersion(p, 'python'), undefined);
    assert.equal(await toolVersion(view({}), 'ruby'), undefined);
  });

  it('spdxOf names common licence texts and bare names, and nothing else', function () {
    assert.equal(spdxOf('MIT License\n\nCopyright (c) 2026'), 'MIT');
    assert.equal(
      spdxOf('                                 Apache License\n                           Version 2.0, January 2004'),
      'Apache-2.0',
    );
    assert.equal(spdxOf('All rights reserved.'), undefined);
  });

  it('proposeLicenseFile proposes the first licence file with its evidence', async function () {
    const f = findings();
    assert.equal(await proposeLicenseFile(view({ 'LICENSE.md': 'ISC License\n' }), f), 'ISC');
    assert.deepEqual(f.options, { license: 'ISC' });
    assert.deepEqual(f.reasons, [{ file: 'LICENSE.md', says: 'ISC' }]);
  });

  it('proposeChoice proposes a chosen version, or only explains a kept default, with its note', function () {
    const f = findings();
    proposeChoice(f, 'a', { version: '1.2', why: '.a-version says 1.2' });
    proposeChoice(f, 'b', { why: 'an open range: the default', note: 'set b to pin' });
    assert.deepEqual(f.options, { a: '1.2' });
    assert.deepEqual(f.why, { a: '.a-version says 1.2', b: 'an open range: the default' });
    assert.deepEqual(f.notes, ['set b to pin']);
  });

  it('setLabels sets only the label values their options accept', function () {
    const f = findings();
    setLabels(f, { name: 'acme/app', sourceUrl: 'https://example.org/acme/$HOME', license: 'MIT OR Apache-2.0' });
    assert.deepEqual(f.options, { appName: 'acme/app', license: 'MIT OR Apache-2.0' });
    setLabels(f, { name: 'no spaces allowed', sourceUrl: 'https://example.org/acme/app' });
    assert.deepEqual(f.options, { appName: 'acme/app', license: 'MIT OR Apache-2.0', sourceUrl: 'https://example.org/acme/app' });
  });

  it('endOfLifeNotes names an ended line and its month, and nothing for a maintained one', function () {
    assert.deepEqual(endOfLifeNotes('Ruby', '3.0', { '3.0': 'April 2024' }), [
      'Ruby 3.0 reached its end of life in April 2024: no security fixes, and its images are no longer rebuilt; plan an upgrade',
    ]);
    assert.deepEqual(endOfLifeNotes('Ruby', '3.4', { '3.0': 'April 2024' }), []);
  });

  it('validPort and portIn accept only ports 1-65535, the first pattern that finds one winning', function () {
    assert.deepEqual(
      [validPort('8080'), validPort(65535), validPort('0'), validPort('70000'), validPort('8.5'), validPort(undefined)],
      [8080, 65535, undefined, undefined, undefined, undefined],
    );
    const patterns = [/port = (\d+)/, /listen\((\d+)\)/];
    assert.equal(portIn('port = 99999; app.listen(3000)', patterns), 3000);
    assert.equal(portIn('port = 4000; app.listen(3000)', patterns), 4000);
    assert.equal(portIn('nothing here', patterns), undefined);
    assert.equal(portIn(undefined, patterns), undefined);
  });

  it('firstExisting and firstText try files in order', async function () {
    const p = view({ 'b.js': 'B', 'c.js': 'C' });
    assert.equal(await firstExisting(p, ['a.js', 'c.js', 'b.js']), 'c.js');
    assert.deepEqual(await firstText(p, ['a.js', 'b.js', 'c.js']), { file: 'b.js', text: 'B' });
    assert.equal(await firstExisting(p, ['a.js']), undefined);
    assert.equal(await firstText(p, []), undefined);
  });

  describe('propose, proposeLabels, readSources, firstPort', function () {
    it('propose records the evidence it is given', function () {
      const f = findings();
      propose(f, 'server', true, 'a.ex listens', { file: 'a.ex', says: 'listener' });
      assert.deepEqual([f.options, f.why, f.reasons], [{ server: true }, { server: 'a.ex listens' }, [{ file: 'a.ex', says: 'listener' }]]);
    });

    it('proposeLabels keeps only valid values and falls back to the license file', async function () {
      const f = findings();
      const p = view({ LICENSE: 'MIT License\n' });
      await proposeLabels(p, f, { appName: ['my app', 'bad'], sourceUrl: ['https://e.org/x', 'url'], license: ['<bad>', 'no'] });
      assert.deepEqual(f.options, { sourceUrl: 'https://e.org/x', license: 'MIT' });
      const g = findings();
      await proposeLabels(p, g, { appName: ['app', 'named'], license: ['Apache-2.0', 'manifest'] });
      assert.deepEqual([g.options, g.why['license']], [{ appName: 'app', license: 'Apache-2.0' }, 'manifest']);
    });

    it('readSources reads breadth first, to a depth, skipping folders, up to a limit', async function () {
      const p = view({ 'a.c': '1', 'src/b.c': '2', 'src/deep/c.c': '3', 'build/d.c': '4', '.git/e.c': '5', 'x.txt': '6' });
      const names = async (depth: number, limit = 9) =>
        (await readSources(p, { files: /\.c$/, depth, limit, skip: /^build$/ })).files.map((s) => s.path);
      assert.deepEqual(await names(0), ['a.c']);
      assert.deepEqual(await names(1), ['a.c', 'src/b.c']);
      assert.deepEqual(await names(2), ['a.c', 'src/b.c', 'src/deep/c.c']);
      assert.deepEqual(await readSources(p, { files: /\.c$/, depth: 2, limit: 1 }), {
        files: [{ path: 'a.c', text: '1' }],
        truncated: true,
      });
      assert.deepEqual((await readSources(p, { roots: ['src'], files: /\.c$/, limit: 9 })).files, [{ path: 'src/b.c', text: '2' }]);
    });

    it('firstPort: the first file with a valid port', function () {
      const files = [
        { path: 'a', text: 'PORT=99999' },
        { path: 'b', text: 'PORT=8080' },
      ];
      assert.deepEqual(firstPort(files, [/PORT=(\d+)/]), { path: 'b', port: 8080 });
      assert.equal(firstPort(files, [/nope(\d)/]), undefined);
    });
  });

  describe('choose, existing, inDir, dirOf', function () {
    it('choose: the first rule that accepts a candidate decides, with its reason', function () {
      const rules = [
        [(n: number) => n > 10, (n: number) => `${n} is big`],
        [(n: number) => n % 2 === 0, (n: number) => `${n} is even`],
      ] as const;
      assert.deepEqual(choose([3, 4, 12], rules), { chosen: 12, why: '12 is big' });
      assert.deepEqual(choose([3, 4], rules), { chosen: 4, why: '4 is even' });
      assert.equal(choose([3, 5], rules), undefined);
    });

    it('existing keeps the files that exist, in order', async function () {
      assert.deepEqual(await existing(view({ b: '', a: '' }), ['a', 'x', 'b']), ['a', 'b']);
    });

    it('inDir and dirOf join and split project paths, the root being empty', function () {
      assert.deepEqual(
        [inDir('', 'pom.xml'), inDir('api', 'pom.xml'), dirOf('api/src/A.java'), dirOf('pom.xml')],
        ['pom.xml', 'api/pom.xml', 'api/src', ''],
      );
    });
  });
});
