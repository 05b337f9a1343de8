import assert from 'node:assert/strict';
import type { DetectResult } from '@dockstack/plugin-api';
import { memoryView } from '@dockstack/testing';
import { parseCmake } from '../src/cmake.js';
import { detect } from '../src/detect.js';
import { parseMeson } from '../src/meson.js';

async function run(files: Record<string, string>): Promise<DetectResult> {
  const result = await detect(memoryView(files));
  assert.ok(result, 'detection returned null');
  return result;
}

describe('cpp detection', function () {
  it('finds nothing without CMakeLists.txt or meson.build', async function () {
    assert.equal(await detect(memoryView({ 'main.c': 'int main(void) { return 0; }\n', Makefile: 'all:\n' })), null);
  });

  it('CMake: project name, languages, executables, installed targets, shared libraries, packages; comments ignored', function () {
    const c = parseCmake(
      'project(demo VERSION 1.0 LANGUAGES C)\n# add_executable(old main.c)\nadd_executable(tool main.c)\nadd_executable(bench b.c)\nadd_library(core SHARED core.c)\ninstall(TARGETS tool core RUNTIME DESTINATION bin)\nfind_package(OpenSSL REQUIRED)\n',
    );
    assert.equal(c.name, 'demo');
    assert.deepEqual(c.languages, ['c']);
    assert.deepEqual(c.executables, ['tool', 'bench']);
    assert.deepEqual(c.installed, ['tool', 'core']);
    assert.equal(c.sharedLibraries, true);
    assert.deepEqual(c.packages, ['OpenSSL']);
  });

  it('Meson: name, license, languages, installed executables, shared libraries, dependencies', function () {
    const m = parseMeson(
      "project('svc', 'c', version : '1', license : 'Apache-2.0')\nz = dependency('zlib')\nexecutable('helper', 'h.c')\nexecutable('svc', 'main.c', dependencies : z, install : true)\n",
    );
    assert.equal(m.name, 'svc');
    assert.equal(m.license, 'Apache-2.0');
    assert.deepEqual(m.languages, ['c']);
    assert.deepEqual(m.executables, ['helper', 'svc']);
    assert.deepEqual(m.installed, ['svc']);
    assert.equal(m.sharedLibraries, false);
    assert.deepEqual(m.packages, ['zlib']);
  });

  it('a C tool without an install rule: language c, not a server, a note asking for the install rule; OpenSSL maps to libssl-dev', async function () {
    const r = await run({
      'CMakeLists.txt': 'project(tool LANGUAGES C)\nadd_executable(tool main.c)\nfind_package(OpenSSL)\nfind_package(Boost)\n',
      'main.c': '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n',
    });
    assert.equal(r.options['language'], 'c');
    assert.equal(r.options['server'], false);
    assert.equal(r.options['binary'], 'tool');
    assert.deepEqual(r.options['buildPackages'], ['libssl-dev']);
    const notes = (r.notes ?? []).join('\n');
    assert.match(notes, /no install rule for tool/);
    assert.match(notes, /needs Boost/);
  });

  it('a server: bind() and listen() in src/, the port from htons(N)', async function () {
    const r = await run({
      'meson.build': "project('srv', 'cpp')\nexecutable('srv', 'src/main.cpp', install : true)\n",
      'src/main.cpp': 'int main() { sockaddr_in a{}; a.sin_port = htons(9090); bind(s, 0, 0); listen(s, 1); }\n',
    });
    assert.equal(r.options['server'], true);
    assert.equal(r.options['port'], 9090);
    assert.equal(r.options['buildSystem'], 'meson');
  });
});
