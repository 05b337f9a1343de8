import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createProjectView } from '@dockstack/core';
import type { DetectResult } from '@dockstack/plugin-api';
import { detect } from '../src/detect.js';
import { parseGoMod } from '../src/go-mod.js';
import { parseGoSource } from '../src/go-source.js';
import { chooseGoVersion } from '../src/go-version.js';
import { memoryView } from '@dockstack/testing';

const stackDir = path.resolve(import.meta.dirname, '..');
const MOD = 'module example.com/demo\n\ngo 1.24\n';
const TOOL = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n';
const SERVER = 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n';

async function run(files: Record<string, string>): Promise<DetectResult> {
  const result = await detect(memoryView(files));
  assert.ok(result, 'detection returned null');
  return result;
}

function notes(r: DetectResult): string {
  return (r.notes ?? []).join('\n');
}

describe('go detection', function () {
  describe('go.mod and go.work parsing', function () {
    it('reads module, go, toolchain, block requires, local replaces and uses; ignores comments', function () {
      const mod = parseGoMod(`// header comment
module "github.com/acme/api/v2" // trailing

go 1.24.2
toolchain go1.25.1

require (
\tgithub.com/a/b v1.0.0
\tgithub.com/c/d v0.2.0 // indirect
)
require github.com/e/f v1.1.0
replace github.com/a/b => ./third_party/b
replace github.com/c/d v0.2.0 => ../d
replace github.com/e/f => github.com/fork/f v1.1.1
`);
      assert.equal(mod.module, 'github.com/acme/api/v2');
      assert.equal(mod.go, '1.24.2');
      assert.equal(mod.toolchain, '1.25.1');
      assert.deepEqual(mod.requires, ['github.com/a/b', 'github.com/c/d', 'github.com/e/f']);
      assert.deepEqual(mod.localReplaces, ['./third_party/b', '../d']);
      assert.deepEqual(parseGoMod('go 1.24\nuse (\n\t.\n\t./tools/\n)\nuse ./lib\ntoolchain default\n').uses, ['', 'tools', 'lib']);
      assert.equal(parseGoMod('toolchain default\n').toolchain, undefined);
      assert.deepEqual(parseGoMod('\uFEFFmodule x\r\n\r\ngo 1.25\r\n'), {
        module: 'x',
        go: '1.25',
        requires: [],
        localReplaces: [],
        uses: [],
      });
    });

    it('reads package clause, aliased and grouped imports, build-ignore and embeds from Go sources', function () {
      const src = parseGoSource(
        'cmd/gen/main.go',
        `//go:build ignore

/* block comment with package foo inside */
// Package main generates things.
package main

import (
\t"fmt" // comment
\tstdhttp "net/http"
\t_ "time/tzdata"
\t. "strings"
)
import "os"

//go:embed "static files/*" templates README.md
var fs embed.FS

func main() { fmt.Println(stdhttp.StatusOK, os.Args, ToUpper("x")) }
`,
      );
      assert.equal(src.packageName, 'main');
      assert.equal(src.ignored, true);
      assert.deepEqual(src.imports.sort(), ['fmt', 'net/http', 'os', 'strings', 'time/tzdata']);
      assert.deepEqual(src.embeds, ['static files/*', 'templates', 'README.md']);
    });
  });

  describe('Go version', function () {
    it('takes the newer of go and toolchain lines, reduced to the release line', function () {
      assert.equal(chooseGoVersion('go.mod', '1.24', undefined).version, '1.24');
      assert.equal(chooseGoVersion('go.mod', '1.24.7', undefined).version, '1.24');
      assert.equal(chooseGoVersion('go.mod', '1.23.0', '1.24.5').version, '1.24');
      assert.match(chooseGoVersion('go.mod', '1.23.0', '1.24.5').why, /toolchain go1\.24\.5.*newer than "go 1\.23\.0"/);
      assert.equal(chooseGoVersion('go.mod', '1.26', '1.25.3').version, '1.26', 'an older toolchain line loses');
      assert.equal(chooseGoVersion('go.mod', '1.28rc1', undefined).version, '1.28rc1');
      assert.equal(chooseGoVersion('go.mod', '1.27', undefined).note, undefined);
    });

    it('notes unsupported lines and gives lines older than 1.21 the default', function () {
      assert.match(chooseGoVersion('go.mod', '1.22.3', undefined).note ?? '', /no longer gets security fixes/);
      const old = chooseGoVersion('go.mod', '1.16', undefined);
      assert.equal(old.version, undefined);
      assert.match(old.why, /older than Go 1\.21/);
      assert.equal(chooseGoVersion('go.mod', 'banana', undefined).version, undefined);
    });

    it('proposes no goVersion (schema default) for an ancient go line, with the reason', async function () {
      const r = await run({ 'go.mod': 'module m\n\ngo 1.16\n', 'main.go': TOOL });
      assert.equal(r.options['goVersion'], undefined);
      assert.match(r.why?.['goVersion'] ?? '', /1\.27 builds it/);
    });
  });

  describe('projects that are not (yet) modules', function () {
    it('returns null without go.mod, go.work or Go files', async function () {
      assert.equal(await detect(memoryView({ 'package.json': '{}' })), null);
    });

    it('answers with low confidence and a go mod init note for loose Go files', async function () {
      const r = await run({ 'main.go': TOOL });
      assert.ok(r.confidence < 0.5);
      assert.match(notes(r), /go mod init/);
      assert.deepEqual(r.options, {});
    });
  });

  describe('main packages', function () {
    it('prefers the module root main and lists cmd mains as others', async function () {
      const r = await run({ 'go.mod': MOD, 'main.go': SERVER, 'cmd/tool/main.go': TOOL });
      assert.equal(r.options['mainPackage'], '.');
      assert.match(notes(r), /2 main packages: \. \(chosen\), \.\/cmd\/tool/);
    });

    it('skips a //go:build ignore generator in the root and picks the cmd main', async function () {
      const r = await run({
        'go.mod': MOD,
        'gen.go': `//go:build ignore\n\n${TOOL}`,
        'lib.go': 'package demo\n',
        'cmd/demo/main.go': TOOL,
      });
      assert.equal(r.options['mainPackage'], './cmd/demo');
      assert.doesNotMatch(notes(r), /main packages/);
    });

    it('with several cmd mains prefers the one named like the module', async function () {
      const r = await run({
        'go.mod': 'module github.com/acme/worker\n\ngo 1.26\n',
        'cmd/api/main.go': SERVER,
        'cmd/worker/main.go': TOOL,
        'cmd/zz/main.go': TOOL,
      });
      assert.equal(r.options['mainPackage'], './cmd/worker');
      assert.match(r.why?.['mainPackage'] ?? '', /named like the module/);
      assert.match(notes(r), /\.\/cmd\/api, \.\/cmd\/zz/);
      assert.equal(r.options['appName'], 'worker');
    });

    it('then prefers a main that starts a server, then a conventional name, then name order', async function () {
      const serving = await run({ 'go.mod': MOD, 'cmd/alpha/main.go': TOOL, 'cmd/zeta/main.go': SERVER });
      assert.equal(serving.options['mainPackage'], './cmd/zeta');
      const named = await run({ 'go.mod': MOD, 'cmd/alpha/main.go': TOOL, 'cmd/server/main.go': TOOL });
      assert.equal(named.options['mainPackage'], './cmd/server');
      const first = await run({ 'go.mod': MOD, 'cmd/beta/main.go': TOOL, 'cmd/alpha/main.go': TOOL });
      assert.equal(first.options['mainPackage'], './cmd/alpha');
    });

    it('falls back to top-level directories, but not vendor, internal or testdata', async function () {
      const r = await run({
        'go.mod': MOD,
        'lib.go': 'package demo\n',
        'vendor/x/main.go': TOOL,
        'internal/x/main.go': TOOL,
        'testdata/main.go': TOOL,
        'daemon/main.go': SERVER,
      });
      assert.equal(r.options['mainPackage'], './daemon');
      assert.doesNotMatch(notes(r), /main packages/);
    });

    it('notes when there is no main package at all', async function () {
      const r = await run({ 'go.mod': MOD, 'lib.go': 'package demo\n' });
      assert.equal(r.options['mainPackage'], undefined);
      assert.match(notes(r), /no main package found/);
    });
  });

  describe('what the program needs', function () {
    it('follows project imports to find the listen call and its port', async function () {
      const r = await run({
        'go.mod': MOD,
        'cmd/api/main.go': 'package main\n\nimport "example.com/demo/internal/server"\n\nfunc main() { server.Run() }\n',
        'internal/server/server.go':
          'package server\n\nimport "net/http"\n\nfunc Run() { s := &http.Server{Addr: "0.0.0.0:7000"}; s.ListenAndServe() }\n',
      });
      assert.equal(r.options['server'], true);
      assert.equal(r.options['port'], 7000);
      assert.match(r.why?.['server'] ?? '', /internal\/server\/server\.go calls ListenAndServe/);
      assert.match(notes(r), /healthcheckCommand/);
    });

    it('reads the port from a PORT fallback and from a framework start call', async function () {
      const env = await run({
        'go.mod': MOD,
        'main.go':
          'package main\n\nimport (\n"net/http"\n"os"\n)\n\nfunc main() {\n\tport := os.Getenv("PORT")\n\tif port == "" {\n\t\tport = "5050"\n\t}\n\thttp.ListenAndServe(":"+port, nil)\n}\n',
      });
      assert.equal(env.options['port'], 5050);
      const gin = await run({
        'go.mod': `${MOD}\nrequire github.com/gin-gonic/gin v1.11.0\n`,
        'go.sum': '',
        'main.go': 'package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc main() { r := gin.Default(); r.Run(":3000") }\n',
      });
      assert.equal(gin.options['server'], true);
      assert.equal(gin.options['port'], 3000);
      assert.match(gin.why?.['server'] ?? '', /gin/);
    });

    it('calls a program without a listen call a run-to-completion tool', async function () {
      const r = await run({ 'go.mod': MOD, 'main.go': TOOL });
      assert.equal(r.options['server'], false);
      assert.equal(r.options['port'], undefined);
      assert.equal(r.options['caCertificates'], false);
      assert.equal(r.options['timeZoneData'], undefined);
    });

    it('wants CA certificates for TLS imports, net/http clients and external modules', async function () {
      const tls = await run({ 'go.mod': MOD, 'main.go': 'package main\n\nimport "crypto/tls"\n\nfunc main() { _ = tls.Config{} }\n' });
      assert.equal(tls.options['caCertificates'], true);
      assert.match(tls.why?.['caCertificates'] ?? '', /imports crypto\/tls/);
      const client = await run({
        'go.mod': MOD,
        'main.go': 'package main\n\nimport "net/http"\n\nfunc main() { http.Get("https://example.com") }\n',
      });
      assert.equal(client.options['caCertificates'], true);
      assert.match(client.why?.['caCertificates'] ?? '', /net\/http as a client/);
      const deps = await run({ 'go.mod': `${MOD}\nrequire github.com/spf13/cobra v1.9.1\n`, 'go.sum': '', 'main.go': TOOL });
      assert.equal(deps.options['caCertificates'], true);
      assert.match(deps.why?.['caCertificates'] ?? '', /requires 1 module/);
      const serverOnly = await run({ 'go.mod': MOD, 'main.go': SERVER });
      assert.equal(serverOnly.options['caCertificates'], false, 'serving HTTP needs no CA bundle');
    });

    it('wants zone data for LoadLocation, unless time/tzdata is embedded', async function () {
      const tz = await run({
        'go.mod': MOD,
        'main.go': 'package main\n\nimport "time"\n\nfunc main() { time.LoadLocation("Europe/Paris") }\n',
      });
      assert.equal(tz.options['timeZoneData'], true);
      const embedded = await run({
        'go.mod': MOD,
        'main.go': 'package main\n\nimport (\n"time"\n_ "time/tzdata"\n)\n\nfunc main() { time.LoadLocation("Europe/Paris") }\n',
      });
      assert.equal(embedded.options['timeZoneData'], false);
      assert.match(embedded.why?.['timeZoneData'] ?? '', /inside the binary/);
    });

    it('notes cgo, and embeds that .dockerignore would exclude; keeps an embedded README', async function () {
      const r = await run({
        'go.mod': MOD,
        'main.go':
          'package main\n\nimport "C"\nimport "embed"\n\n//go:embed README.md\nvar readme string\n\n//go:embed certs/ca.pem\nvar ca []byte\n\nfunc main() {}\n',
      });
      assert.match(notes(r), /imports "C" \(cgo\)/);
      assert.match(notes(r), /embeds certs\/ca\.pem.*\*\*\/\*\.pem/);
      assert.equal(r.options['ignoreReadme'], false);
    });

    it('stays bounded on a program with many packages, and then errs on the safe side', async function () {
      const files: Record<string, string> = { 'go.mod': MOD };
      const imports = Array.from({ length: 40 }, (_, i) => `"example.com/demo/p${i}"`).join('\n');
      files['main.go'] = `package main\n\nimport (\n${imports}\n)\n\nfunc main() {}\n`;
      for (let i = 0; i < 40; i++) files[`p${i}/p.go`] = `package p${i}\n`;
      const view = memoryView(files);
      const r = await detect(view);
      assert.ok(r);
      assert.ok(view.reads.length < 60, `read ${view.reads.length} files`);
      assert.equal(r.options['server'], undefined, 'undecided: schema default (server) stays');
      assert.equal(r.options['caCertificates'], true);
      assert.match(notes(r), /err on the safe side/);
    });
  });

  describe('modules, vendor and workspaces', function () {
    it('uses vendor/ only with vendor/modules.txt', async function () {
      const vendored = await run({
        'go.mod': `${MOD}\nrequire example.com/x v1.0.0\n`,
        'go.sum': '',
        'vendor/modules.txt': '# example.com/x v1.0.0\n',
        'main.go': TOOL,
      });
      assert.equal(vendored.options['vendor'], true);
      assert.equal(vendored.options['modDownload'], false, 'vendor mode downloads nothing');
      const stray = await run({ 'go.mod': MOD, 'vendor/x/x.go': 'package x\n', 'main.go': TOOL });
      assert.equal(stray.options['vendor'], undefined);
      assert.match(notes(stray), /without vendor\/modules\.txt/);
    });

    it('skips the download step without go.sum or with a local replace, and notes a replace outside the project', async function () {
      const none = await run({ 'go.mod': MOD, 'main.go': TOOL });
      assert.equal(none.options['modDownload'], false);
      const missing = await run({ 'go.mod': `${MOD}\nrequire example.com/x v1.0.0\n`, 'main.go': TOOL });
      assert.match(notes(missing), /go\.sum is missing/);
      const local = await run({
        'go.mod': `${MOD}\nrequire example.com/x v1.0.0\nreplace example.com/x => ./x\n`,
        'go.sum': 'x',
        'x/go.mod': 'module example.com/x\n',
        'main.go': TOOL,
      });
      assert.equal(local.options['modDownload'], false);
      assert.match(local.why?.['modDownload'] ?? '', /replaces a module with \.\/x/);
      const outside = await run({ 'go.mod': `${MOD}\nreplace example.com/x => ../x\n`, 'go.sum': 'x', 'main.go': TOOL });
      assert.equal(outside.options['modDownload'], true);
      assert.match(notes(outside), /\.\.\/x, outside the project/);
    });

    it('detects a workspace with a root module, takes go.work lines, and notes a use outside the project', async function () {
      const r = await run({
        'go.work': 'go 1.26\n\ntoolchain go1.26.8\n\nuse (\n\t.\n\t./tools\n\t../shared\n)\n',
        'go.mod': 'module example.com/svc\n\ngo 1.25\n',
        'tools/go.mod': 'module example.com/svc/tools\n\ngo 1.25\n',
        'tools/cmd/gen/main.go': TOOL,
        'main.go': 'package main\n\nimport "example.com/svc/tools/lib"\n\nfunc main() { lib.Serve() }\n',
        'tools/lib/lib.go': 'package lib\n\nimport "net"\n\nfunc Serve() { net.Listen("tcp", ":6000") }\n',
      });
      assert.equal(r.options['workspace'], true);
      assert.equal(r.options['goVersion'], '1.26');
      assert.match(r.why?.['goVersion'] ?? '', /go\.work/);
      assert.equal(r.options['mainPackage'], '.');
      assert.equal(r.options['port'], 6000, 'followed an import into another workspace module');
      assert.match(notes(r), /\.\.\/shared, outside the project/);
      assert.match(notes(r), /\.\/tools\/cmd\/gen/);
    });
  });

  describe('metadata', function () {
    it('derives title, source URL and license', async function () {
      const r = await run({
        'go.mod': 'module github.com/acme/billing/v3\n\ngo 1.27\n',
        'main.go': TOOL,
        LICENSE: 'Apache License\nVersion 2.0, January 2004\n',
      });
      assert.equal(r.options['appName'], 'billing');
      assert.equal(r.options['sourceUrl'], 'https://github.com/acme/billing');
      assert.equal(r.options['license'], 'Apache-2.0');
      assert.equal(r.options['goVersion'], '1.27');
      assert.equal(r.notes?.length, 0);
    });
  });

  describe('contract', function () {
    it('proposes and explains only options the schema declares', async function () {
      const schema = JSON.parse(await readFile(path.join(stackDir, 'schema.json'), 'utf8')) as { properties: Record<string, unknown> };
      const r = await run({
        'go.work': 'go 1.24\nuse ./app\n',
        'app/go.mod': 'module github.com/acme/app\n\ngo 1.24\n\nrequire example.com/x v1.0.0\n',
        'go.sum': '',
        'vendor/modules.txt': '',
        'app/main.go':
          'package main\n\nimport (\n"time"\n"crypto/tls"\n"net/http"\n)\n\n//go:embed README.md\nvar r string\n\nfunc main() { time.LoadLocation("UTC"); _ = tls.Config{}; http.ListenAndServe(":1234", nil) }\n',
        LICENSE: 'MIT License\n',
      });
      for (const key of [...Object.keys(r.options), ...Object.keys(r.why ?? {})])
        assert.ok(key in schema.properties, `undeclared option ${key}`);
      assert.ok(Object.keys(r.options).length >= 8);
      for (const key of Object.keys(r.options)) assert.ok(r.why?.[key] !== undefined, `no why for ${key}`);
    });
  });

  describe('over a real folder (createProjectView)', function () {
    let dir: string;
    before(async function () {
      dir = await mkdtemp(path.join(tmpdir(), 'dockstack-go-'));
      await mkdir(path.join(dir, 'cmd', 'api'), { recursive: true });
      await writeFile(path.join(dir, 'go.mod'), 'module example.com/real\n\ngo 1.24\n');
      await writeFile(path.join(dir, 'cmd', 'api', 'main.go'), SERVER);
    });
    after(async function () {
      await rm(dir, { recursive: true, force: true });
    });

    it('detects the same way through the bounded file-system view', async function () {
      const r = await detect(createProjectView(dir));
      assert.equal(r?.options['mainPackage'], './cmd/api');
      assert.equal(r?.options['server'], true);
    });

    it('still answers (never throws) when the file budget runs out', async function () {
      const view = createProjectView(dir, { maxFiles: 1 });
      const r = await detect(view);
      assert.ok(r, 'go.mod alone is enough to claim the project');
      assert.ok(view.stats.truncated.includes('file budget spent'));
      assert.match(notes(r), /no main package found/);
    });
  });
});
