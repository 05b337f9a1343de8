import assert from 'node:assert/strict';
import { DEPENDENCY_STEPS, dependencyStepFor, parseBuildLog, planEdit } from '@dockstack/engine';

describe('engine: rebuild edit plans', function () {
  it('inserts a token right after the check text when the file holds it (output must change)', function () {
    const plan = planEdit('server.js', "res.end('Hello from x fixture\\n');\n", { http: { contains: 'Hello from x fixture' } }, 'abc123');
    assert.equal(plan.kind, 'output');
    assert.ok(plan.kind === 'output' && plan.expected === 'Hello from x fixture-abc123');
    assert.equal(plan.content, "res.end('Hello from x fixture-abc123\\n');\n");
  });
  it('uses the longest prefix of the expected text found in the file (formatted output)', function () {
    const plan = planEdit(
      'main.go',
      'fmt.Fprintf(w, "hello from go, uid %d", os.Getuid())\n',
      { http: { contains: 'hello from go, uid 65532' } },
      'ff',
    );
    assert.ok(plan.kind === 'output' && plan.expected === 'hello from go, uid -ff');
  });
  it('never ends the prefix on a quote, where the token would land in code (a JSON body built in Java)', function () {
    const java = 'Map.of("greeting", "hello from maven")';
    const plan = planEdit('Server.java', java, { http: { contains: '"greeting":"hello from maven"' } }, 'q1');
    // The longest prefix found is `"greeting"`; the token after it would read `"greeting"-q1` (a syntax error).
    assert.ok(plan.kind === 'output', plan.kind);
    assert.equal(plan.expected, '"greeting-q1');
    assert.equal(plan.content, 'Map.of("greeting-q1", "hello from maven")');
  });
  it("otherwise appends a comment in the file's own syntax with a unique marker", function () {
    const py = planEdit('app/util.py', 'X = 1', { http: { contains: 'nowhere in the file' } }, '77');
    assert.deepEqual(py, { kind: 'marker', content: 'X = 1\n# dockstack-edit-77\n', marker: 'dockstack-edit-77' });
    const html = planEdit('docs/a.html', '<p>x</p>\n', { run: { stdout: 'zzzzzzzz' } }, '1');
    assert.ok(html.kind === 'marker' && html.content.endsWith('<!-- dockstack-edit-1 -->\n'));
  });
  it('refuses a file it cannot comment when the check text is not in it', function () {
    assert.equal(planEdit('data.json', '{}', { http: { contains: 'other text' } }, '1').kind, 'none');
  });
});

describe('engine: build log and dependency steps', function () {
  const log = [
    '#5 [deps 2/3] RUN --mount=type=bind,source=package.json,target=package.json npm ci --omit=dev',
    '#5 CACHED',
    '#7 [build 3/4] RUN cargo build --release --locked',
    '#7 0.512    Downloading crates ...',
    '#7 1.020   Downloaded serde v1.0.210',
    '#7 DONE 12.5s',
    '#8 [internal] load metadata',
  ].join('\n');

  it('parses cached and run steps with their output, internal steps dropped', function () {
    const steps = parseBuildLog(log);
    assert.deepEqual(
      steps.map((s) => [s.id, s.cached, s.seconds]),
      [
        [5, true, undefined],
        [7, false, 12.5],
      ],
    );
    assert.deepEqual(steps[1]?.output, ['   Downloading crates ...', '  Downloaded serde v1.0.210']);
  });
  it('defines the dependency step per stack; rust through its recipe layer (cargo fetch, or cargo chef cook)', function () {
    const steps = parseBuildLog(log);
    assert.ok(DEPENDENCY_STEPS['node']?.step.test(steps[0]!.name));
    assert.ok(!DEPENDENCY_STEPS['go']?.step.test(steps[0]!.name));
    const rust = dependencyStepFor('rust');
    assert.equal(rust.mode, 'cached');
    assert.ok(
      rust.step.test('[build 4/5] RUN --mount=type=cache,id=a-cargo-registry-linux/amd64,target=/x cargo fetch --locked && cargo build'),
    );
    assert.ok(rust.step.test('[build 4/5] RUN cargo chef cook --release --recipe-path recipe.json'));
    // The source build alone is not a dependency step: a Dockerfile without a dependency layer has none.
    assert.ok(!rust.step.test(steps[1]!.name));
    assert.equal(dependencyStepFor('no-such-stack').mode, 'cached');
    for (const id of ['node', 'static', 'bun', 'deno', 'python', 'go', 'ruby', 'php', 'java', 'dotnet', 'rust'])
      assert.ok(DEPENDENCY_STEPS[id], id);
  });
  it("tells cargo's dependency compiles (registry, vendored, git) from the project's own crates", function () {
    const compiled = (line: string): string | undefined => dependencyStepFor('rust').recompiled?.exec(line)?.[1];
    assert.equal(compiled('   Compiling memchr v2.5.0'), 'memchr v2.5.0');
    assert.equal(compiled('   Compiling tokio v1.40.0 (https://github.com/tokio-rs/tokio#1a2b3c4d)'), 'tokio v1.40.0');
    assert.equal(compiled('   Compiling crate-server v0.1.0 (/app)'), undefined);
    assert.equal(compiled('   Compiling inventory-core v0.1.0 (/app/crates/core)'), undefined);
    assert.equal(compiled('    Finished `release` profile [optimized] target(s) in 1.13s'), undefined);
  });
});
