import assert from 'node:assert/strict';
import type { DetectResult } from '@dockstack/plugin-api';
import { memoryView as memoryProject } from '@dockstack/testing';
import { detect } from '../dist/detect.js';
import { fromSpecifier, fromVersionFile } from '../dist/python-version.js';

async function run(files: Record<string, string>): Promise<DetectResult> {
  const result = await detect(memoryProject(files));
  assert.ok(result, 'detected');
  return result;
}

const hasNote = (r: DetectResult, re: RegExp): boolean => (r.notes ?? []).some((n) => re.test(n));

describe('python detector', function () {
  it('claims nothing without Python files or manifests', async function () {
    assert.equal(await detect(memoryProject({ 'package.json': '{}', 'index.js': '' })), null);
  });

  describe('requirements files', function () {
    it('follows -r/-c includes relative to the including file, and finds local paths, VCS and index options', async function () {
      const r = await run({
        'requirements.txt': [
          '# prod',
          '-r requirements/base.txt',
          '--constraint constraints.txt',
          '-e ./libs/core',
          './libs/greet  # local',
          'vendored @ file:///${PROJECT_ROOT}/vendor/pkg',
          '--find-links ./wheels',
          'tool @ git+https://example.com/tool.git@v1',
          '--extra-index-url https://pkgs.example.com/simple',
          'flask==3.1.3 \\',
          '    --hash=sha256:abc',
        ].join('\n'),
        'requirements/base.txt': '-r common.txt\ngunicorn\n',
        'requirements/common.txt': 'Django>=6\n',
        'constraints.txt': 'urllib3<3\n',
        'app.py': 'print(1)\n',
      });
      assert.deepEqual(r.options['extraRequirementFiles'], ['requirements/base.txt', 'constraints.txt', 'requirements/common.txt']);
      assert.deepEqual(r.options['localPackages'], ['libs/core', 'libs/greet', 'vendor/pkg', 'wheels']);
      assert.deepEqual(r.options['buildPackages'], ['git']);
      assert.equal(r.options['framework'], 'django');
      assert.ok(hasNote(r, /package index/));
    });

    it('refuses paths outside the project with a note, and flags a requirement on the project itself', async function () {
      const r = await run({ 'requirements.txt': '../shared/lib\n-e .\n', 'main.py': 'print(1)\n' });
      assert.deepEqual(r.options['localPackages'], ['.']);
      assert.ok(hasNote(r, /outside the project/));
      assert.ok(hasNote(r, /installs the project itself/));
    });

    it('prefers the production file and reports the skipped ones', async function () {
      const r = await run({
        'requirements-dev.txt': 'pytest\n',
        'requirements-prod.txt': 'flask\ngunicorn\n',
        'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
      });
      assert.equal(r.options['requirementsFile'], 'requirements-prod.txt');
      assert.match(r.why?.['requirementsFile'] ?? '', /not installed: requirements-dev.txt/);
      assert.equal(r.options['appModule'], 'app:app');
    });
  });

  describe('package managers', function () {
    it('uv.lock wins over poetry.lock, with a note about the stale one', async function () {
      const r = await run({ 'uv.lock': 'version = 1\n', 'poetry.lock': '', 'pyproject.toml': '[project]\nname = "x"\n', 'main.py': '' });
      assert.equal(r.options['packageManager'], 'uv');
      assert.equal(r.options['lockfile'], true);
      assert.ok(hasNote(r, /several lockfiles/));
    });

    it('Pipfile without its lock, and [tool.poetry] without poetry.lock, resolve at build time', async function () {
      const pipenv = await run({ Pipfile: '[packages]\nrequests = "*"\n\n[requires]\npython_version = "3.12"\n', 'main.py': '' });
      assert.equal(pipenv.options['packageManager'], 'pipenv');
      assert.equal(pipenv.options['lockfile'], false);
      assert.equal(pipenv.options['pythonVersion'], '3.12');
      const poetry = await run({
        'pyproject.toml': '[tool.poetry]\nname = "p"\n[tool.poetry.dependencies]\npython = "~3.11"\n',
        'main.py': '',
      });
      assert.equal(poetry.options['packageManager'], 'poetry');
      assert.equal(poetry.options['lockfile'], false);
      assert.equal(poetry.options['pythonVersion'], '3.11');
      assert.ok(hasNote(poetry, /no poetry lockfile/));
    });

    it('pyproject dependencies without any lock: pip installs the project itself', async function () {
      const r = await run({
        'pyproject.toml': '[project]\nname = "svc"\ndependencies = ["fastapi", "uvicorn"]\n',
        'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
      });
      assert.equal(r.options['packageManager'], 'pip');
      assert.equal(r.options['requirementsFile'], '');
      assert.equal(r.options['installProject'], true);
      assert.equal(r.options['appModule'], 'main:app');
    });

    it('uv workspace members from globs, minus excludes, plus path sources', async function () {
      const r = await run({
        'uv.lock': '',
        'pyproject.toml': [
          '[project]',
          'name = "root"',
          'dependencies = ["a", "tools"]',
          '[tool.uv.sources]',
          'tools = { path = "vendor/tools", editable = true }',
          '[tool.uv.workspace]',
          'members = ["packages/*"]',
          'exclude = ["packages/legacy"]',
        ].join('\n'),
        'packages/a/pyproject.toml': '[project]\nname = "a"\n',
        'packages/legacy/pyproject.toml': '[project]\nname = "legacy"\n',
        'packages/notes/README.md': '',
        'vendor/tools/pyproject.toml': '',
        'main.py': '',
      });
      assert.deepEqual(r.options['localPackages'], ['vendor/tools', 'packages/a']);
    });

    it('private index config becomes a build secret', async function () {
      const r = await run({
        'requirements.txt': 'flask\n',
        'pip.conf': '[global]\nindex-url = https://u:p@pkgs.example.com/simple\n',
        'app.py': '',
      });
      assert.equal(r.options['indexSecret'], true);
    });

    it('native dependencies add build and runtime Debian packages (psycopg binary wheels need none)', async function () {
      const r = await run({ 'requirements.txt': 'psycopg2==2.9\nmysqlclient\n', 'main.py': '' });
      assert.deepEqual(r.options['buildPackages'], ['gcc', 'libc6-dev', 'libpq-dev', 'pkg-config', 'default-libmysqlclient-dev']);
      assert.deepEqual(r.options['runtimePackages'], ['libpq5', 'libmariadb3']);
      const binary = await run({ 'requirements.txt': 'psycopg[binary]>=3.2\n', 'main.py': '' });
      assert.equal(binary.options['runtimePackages'], undefined);
      const pure = await run({ 'requirements.txt': 'psycopg>=3.2\n', 'main.py': '' });
      assert.deepEqual(pure.options['runtimePackages'], ['libpq5']);
    });
  });

  describe('Python version', function () {
    const cases: Array<[string, string | undefined]> = [
      ['>=3.9,<3.12', '3.11'],
      ['~=3.10', '3.14'],
      ['~=3.11.2', '3.11'],
      ['==3.12.*', '3.12'],
      ['>=3.15', '3.15'],
      ['>=3.12, !=3.14.*', '3.13'],
      ['^3.10', '3.14'],
      ['~3.11', '3.11'],
      ['3.12', '3.12'],
      ['>= 3.10 < 3.13', '3.12'],
      ['>=3.9 || >=3.11', '3.14'],
      ['<3', undefined],
      ['nonsense', undefined],
    ];
    for (const [spec, version] of cases) {
      it(`requires-python "${spec}" -> ${String(version)}`, function () {
        assert.equal(fromSpecifier(spec, 'requires-python')?.version, version);
      });
    }

    it('.python-version: patch pins follow their minor line; PyPy and "system" are not used', function () {
      assert.equal(fromVersionFile('3.12.4\n')?.version, '3.12');
      assert.match(fromVersionFile('3.12.4\n')?.how ?? '', /pythonVersion=3\.12\.4/);
      assert.equal(fromVersionFile('# comment\n3.13t\n')?.version, '3.13');
      assert.equal(fromVersionFile('3.11/envs/api\n')?.version, '3.11');
      assert.equal(fromVersionFile('pypy3.10\n'), undefined);
      assert.equal(fromVersionFile('system\n'), undefined);
      assert.match(fromVersionFile('3.9\n')?.notes?.[0] ?? '', /end of life/);
    });

    it('.python-version beats requires-python beats runtime.txt; an unusable file falls through with a note', async function () {
      const r = await run({
        '.python-version': 'pypy3.10\n',
        'pyproject.toml': '[project]\nname = "x"\nrequires-python = ">=3.11,<3.13"\n',
        'runtime.txt': 'python-3.10.1\n',
        'main.py': '',
      });
      assert.equal(r.options['pythonVersion'], '3.12');
      assert.ok(hasNote(r, /pypy3\.10/));
      const runtime = await run({ 'runtime.txt': 'python-3.11.9\n', 'requirements.txt': '', 'main.py': '' });
      assert.equal(runtime.options['pythonVersion'], '3.11');
    });
  });

  describe('how the app runs', function () {
    it('FastAPI factory in a package, and the missing server dependency', async function () {
      const r = await run({
        'requirements.txt': 'fastapi\n',
        'api/__init__.py': 'from fastapi import FastAPI\n\ndef create_app():\n    return FastAPI()\n',
      });
      assert.equal(r.options['framework'], 'fastapi');
      assert.equal(r.options['appModule'], 'api:create_app()');
      assert.ok(hasNote(r, /uvicorn is not among the dependencies/));
    });

    it("an app in another root module (Flask's quickstart hello.py), tests not taken for it", async function () {
      const r = await run({
        'requirements.txt': 'Flask==3.1.1\ngunicorn==23.0.0\n',
        'hello.py': 'from flask import Flask\n\napp = Flask(__name__)\n',
        'test_hello.py': 'from flask import Flask\n\ntest_app = Flask(__name__)\n',
      });
      assert.equal(r.options['framework'], 'flask');
      assert.equal(r.options['appModule'], 'hello:app');
      assert.ok(!hasNote(r, /no Flask\(\.\.\.\) assignment found/));
      const onlyTests = await run({
        'requirements.txt': 'flask\ngunicorn\n',
        'test_hello.py': 'from flask import Flask\napp = Flask(__name__)\n',
      });
      assert.equal(onlyTests.options['appModule'], undefined);
      assert.ok(hasNote(onlyTests, /no Flask\(\.\.\.\) assignment found/));
    });

    it('a src layout with a build-system is installed into the venv', async function () {
      const r = await run({
        'pyproject.toml':
          '[project]\nname = "shop"\ndependencies = ["starlette", "uvicorn"]\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n',
        'uv.lock': '',
        'src/shop/app.py': 'from starlette.applications import Starlette\napp: Starlette = Starlette()\n',
      });
      assert.equal(r.options['installProject'], true);
      assert.equal(r.options['appModule'], 'shop.app:app');
    });

    it('Django with a settings package reading the key through django-environ, and no STATIC_ROOT', async function () {
      const r = await run({
        'requirements.txt': 'django\n',
        'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")\n',
        'config/wsgi.py': '',
        'config/settings/__init__.py': '',
        'config/settings/base.py': 'INSTALLED_APPS = []\nSECRET_KEY = env("APP_SECRET")\nDATABASES = {"default": env.db()}\n',
        'config/settings/production.py': 'from .base import *\n',
      });
      assert.equal(r.options['appModule'], 'config.wsgi:application');
      assert.equal(r.options['secretKeyEnv'], 'APP_SECRET');
      assert.equal(r.options['collectstatic'], false);
      assert.ok(hasNote(r, /STATIC_ROOT is not set/));
      assert.ok(hasNote(r, /DATABASE_URL/));
      assert.ok(hasNote(r, /gunicorn is not among/));
    });

    it('a server script: port from the code, and a loopback bind is reported', async function () {
      const r = await run({
        'server.py': 'import socketserver\nsrv = socketserver.TCPServer(("127.0.0.1", 9090), H)\nsrv.serve_forever()\n',
      });
      assert.equal(r.options['startCommand'], 'python server.py');
      assert.equal(r.options['port'], 9090);
      assert.equal(r.options['server'], undefined);
      assert.ok(hasNote(r, /binds 127\.0\.0\.1/));
    });

    it('a Celery app without a web framework is a worker image: celery -A <module:app> worker, no server', async function () {
      const r = await run({ 'requirements.txt': 'celery==5.5.2\n', 'tasks.py': 'from celery import Celery\napp = Celery("tasks")\n' });
      assert.equal(r.options['startCommand'], 'celery -A tasks:app worker --loglevel=INFO');
      assert.equal(r.options['server'], false);
      assert.equal(r.options['healthcheck'], false);
      assert.ok(hasNote(r, /broker/));
      const django = await run({
        'requirements.txt': 'celery\nredis\n',
        'proj/__init__.py': '',
        'proj/celery.py': 'from celery import Celery\ncelery_app = Celery("proj")\n',
      });
      assert.equal(django.options['startCommand'], 'celery -A proj.celery:celery_app worker --loglevel=INFO');
    });

    it('Celery next to a web framework: the image serves the web app, the worker runs from it as a process', async function () {
      const r = await run({
        'requirements.txt': 'flask\ngunicorn\ncelery\n',
        'app.py': 'from flask import Flask\nfrom celery import Celery\napp = Flask(__name__)\ncelery = Celery(app.name)\n',
      });
      assert.equal(r.options['framework'], 'flask');
      assert.equal(r.options['startCommand'], undefined);
      assert.deepEqual(r.processes, [
        { name: 'worker', command: 'celery -A app:celery worker --loglevel=INFO', why: 'app.py creates the Celery app app:celery' },
      ]);
      assert.ok(hasNote(r, /workers run from the same image as compose services/));
    });

    it('Django with Celery beat: a worker and one beat process from the same image', async function () {
      const r = await run({
        'requirements.txt': 'django\ngunicorn\ncelery\ndjango-celery-beat\n',
        'manage.py': 'import django\n',
        'shop/__init__.py': '',
        'shop/settings.py': 'INSTALLED_APPS = []\n',
        'shop/wsgi.py': 'application = None\n',
        'shop/celery.py': 'from celery import Celery\napp = Celery("shop")\n',
      });
      assert.equal(r.options['framework'], 'django');
      assert.deepEqual(
        (r.processes ?? []).map((x) => `${x.name}: ${x.command}`),
        ['worker: celery -A shop.celery:app worker --loglevel=INFO', 'beat: celery -A shop.celery:app beat --loglevel=INFO'],
      );
    });

    it('Celery next to a web framework without a Celery app found: no process, a note saying how', async function () {
      const r = await run({ 'requirements.txt': 'flask\ncelery\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' });
      assert.equal(r.processes, undefined);
      assert.ok(hasNote(r, /no `Celery\(\.\.\.\)` app assignment found, so no worker process/));
    });

    it('a package with __main__.py and no server is a worker', async function () {
      const r = await run({ 'requirements.txt': 'celery\n', 'jobs/__init__.py': '', 'jobs/__main__.py': 'print("done")\n' });
      assert.equal(r.options['startCommand'], 'python -m jobs');
      assert.equal(r.options['server'], false);
      assert.equal(r.options['healthcheck'], false);
      assert.ok(hasNote(r, /Celery/));
    });

    it('a single console script of an installed project is the command', async function () {
      const r = await run({
        'pyproject.toml':
          '[project]\nname = "syncer"\ndependencies = []\n[project.scripts]\nsyncer = "syncer.cli:main"\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n',
        'requirements.txt': '',
        'syncer/cli.py': '',
      });
      assert.equal(r.options['installProject'], true);
      assert.equal(r.options['startCommand'], 'syncer');
    });
  });
});
