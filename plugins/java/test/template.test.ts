import assert from 'node:assert/strict';
import { GENERATOR_VERSION, generate, loadStack, type LoadedStack } from '@dockstack/core';
import path from 'node:path';

const stackDir = path.resolve(import.meta.dirname, '..');

/** Switches whose combinations change the output: every combination is rendered and checked. */
const SWITCHES: Array<[string, unknown, unknown]> = [
  ['buildTool', 'maven', 'gradle'],
  ['wrapper', false, true],
  ['springBoot', false, true],
  ['layers', false, true],
  ['packaging', 'executable-jar', 'classpath'],
  ['runtime', 'jre', 'jlink'],
  ['server', false, true],
  ['healthcheckPath', '', '/actuator/health'],
  ['dependencyPrefetch', false, true],
  ['module', '', 'services/api'],
  ['mavenSettings', false, true],
  ['artifact', '', 'target/*-all.jar'],
];

function combos(): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (let bits = 0; bits < 1 << SWITCHES.length; bits++) {
    const values: Record<string, unknown> = { mainClass: 'com.example.Main' };
    SWITCHES.forEach(([key, off, on], i) => {
      values[key] = bits & (1 << i) ? on : off;
    });
    values['syntax'] = bits % 2 === 0;
    values['javaVersion'] = ['17', '21', '25'][bits % 3];
    if (bits % 7 === 0) values['buildTool'] = 'javac';
    out.push(values);
  }
  return out;
}

/** Instructions with continuation lines joined; heredoc bodies kept as one instruction's text. */
function instructions(dockerfile: string): string[] {
  const out: string[] = [];
  const lines = dockerfile.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] as string;
    if (line.startsWith('#') || line.trim() === '') continue;
    while (line.endsWith('\\')) line = `${line.slice(0, -1).trimEnd()} ${(lines[++i] ?? '').trim()}`;
    const heredoc = /<<'([A-Z]+)'$/.exec(line);
    if (heredoc) {
      const body: string[] = [];
      while (i + 1 < lines.length && lines[i + 1] !== heredoc[1]) body.push(lines[++i] as string);
      i++;
      line = `${line}\n${body.join('\n')}`;
    }
    out.push(line);
  }
  return out;
}

function render(stack: LoadedStack, values: Record<string, unknown>): { dockerfile: string; ignore: string } {
  const files = generate(stack, [{ source: 'flag --set', values }], GENERATOR_VERSION).files;
  return {
    dockerfile: files.find((f) => f.path === 'Dockerfile')?.content ?? '',
    ignore: files.find((f) => f.path === '.dockerignore')?.content ?? '',
  };
}

/** Instructions of each stage, by stage name. */
function stages(ins: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const i of ins) {
    const m = /^FROM .* AS ([a-z]+)$/.exec(i);
    if (m) out.set(m[1] as string, (current = []));
    else current?.push(i);
  }
  return out;
}

function checkOne(v: Record<string, unknown>, dockerfile: string, ignore: string): void {
  const where = JSON.stringify(v);
  const ins = instructions(dockerfile);
  const byStage = stages(ins);
  const tool = v['buildTool'];
  const javac = tool === 'javac';
  const boot = v['springBoot'] === true && !javac;
  const layers = boot && v['layers'] === true;
  const classpath = v['packaging'] === 'classpath' && !javac && !boot;
  const jlink = v['runtime'] === 'jlink';
  const probe = v['server'] === true && v['healthcheckPath'] !== '';
  // Stage order: build, then modules (jdeps) and jre (jlink of the module list only, so a source edit
  // does not rerun it) for jlink, then runtime, each opened by a one-line comment.
  assert.deepEqual([...byStage.keys()], jlink ? ['build', 'modules', 'jre', 'runtime'] : ['build', 'runtime'], where);
  dockerfile.split('\n').forEach((line, i, all) => {
    if (line.startsWith('FROM ')) assert.match(all[i - 1] ?? '', /^# [a-z]+: /, `${where}: stage without its comment`);
  });
  const froms = ins.filter((i) => i.startsWith('FROM '));
  const buildImage = tool === 'maven' && !v['wrapper'] ? 'MAVEN_IMAGE' : tool === 'gradle' && !v['wrapper'] ? 'GRADLE_IMAGE' : 'JDK_IMAGE';
  assert.equal(froms[0], `FROM --platform=$BUILDPLATFORM \${${buildImage}} AS build`, where);
  if (jlink)
    assert.equal(
      froms[1],
      'FROM --platform=$BUILDPLATFORM ${JDK_IMAGE} AS modules',
      `${where}: jdeps reads bytecode on the build platform`,
    );
  if (jlink) assert.equal(froms[2], 'FROM ${JDK_IMAGE} AS jre', `${where}: jlink runs on the target platform`);
  assert.equal(froms[froms.length - 1], jlink ? 'FROM ${DEBIAN_IMAGE} AS runtime' : 'FROM ${JRE_IMAGE} AS runtime', where);
  // Every *_IMAGE ARG is global and used.
  for (const m of dockerfile.matchAll(/^ARG ([A-Z_]+_IMAGE)=/gm))
    assert.ok(dockerfile.includes(`\${${m[1] as string}}`), `${where}: ${m[1] as string} unused`);
  // Build stage: cache mounts on every tool step, build files bound before the sources are copied.
  const build = byStage.get('build') ?? [];
  const copyAt = build.findIndex((i) => i === 'COPY . .');
  assert.ok(copyAt >= 0, where);
  const cache = tool === 'maven' ? 'type=cache,target=/root/.m2' : 'type=cache,target=/root/.gradle';
  const prefetch = build.findIndex((i) => /dependency:go-offline|gradlew? --no-daemon --console=plain (:[\w:]+:)?dependencies/.test(i));
  if (javac) assert.ok(!build.some((i) => i.includes('type=cache')), where);
  else {
    assert.equal(prefetch >= 0, v['dependencyPrefetch'], where);
    if (prefetch >= 0) {
      assert.ok(prefetch < copyAt, `${where}: pre-fetch after the sources`);
      assert.ok((build[prefetch] as string).includes(cache), where);
      assert.ok((build[prefetch] as string).includes(tool === 'maven' ? 'source=pom.xml' : 'source=settings.gradle'), where);
      assert.equal((build[prefetch] as string).includes(tool === 'maven' ? 'source=.mvn' : 'source=gradle,'), v['wrapper'], where);
    }
    const step = build[copyAt + 1] ?? '';
    assert.ok(step.includes(cache), `${where}: the build step shares the cache`);
    assert.equal(step.includes('type=secret,id=maven-settings,required=true'), tool === 'maven' && v['mavenSettings'] === true, where);
    assert.equal(/ -DskipTests\b/.test(step), tool === 'maven', where);
    if (v['module'] !== '') assert.ok(step.includes(tool === 'maven' ? ' -pl services/api -am' : ':services:api:'), where);
  }
  assert.equal(
    build.some((i) => i.includes('java -Djarmode=tools -jar /out/app.jar extract --layers --destination /out/layers')),
    layers,
    where,
  );
  assert.equal(
    build.some((i) => i.startsWith("COPY <<'JAVA' /probe/HealthCheck.java")),
    probe,
    where,
  );
  // jlink: jdeps writes the module list in its own stage; the jre stage copies only that list, then
  // runs jlink (so its cache key is the list, not the sources), output outside the JDK's JAVA_HOME.
  if (jlink) {
    const jdepsRun = ((byStage.get('modules') ?? []).find((i) => i.startsWith('RUN ')) ?? '').replace(/ \\\n\s*/g, ' ');
    assert.match(jdepsRun, /jdeps --ignore-missing-deps -q --recursive --multi-release \d+ --print-module-deps/, where);
    const jre = byStage.get('jre') ?? [];
    assert.deepEqual(
      jre.filter((i) => i.startsWith('COPY ') || i.startsWith('RUN --mount')),
      ['COPY --from=modules /jdeps/modules.txt /jdeps/modules.txt'],
      `${where}: the jre stage sees nothing of the build but the module list`,
    );
    const run = (jre.find((i) => i.startsWith('RUN ')) ?? '').replace(/ \\\n\s*/g, ' ');
    assert.match(
      run,
      /jlink --add-modules "\$\(cat \/jdeps\/modules.txt\)[^"]*" --strip-debug --no-man-pages --no-header-files --compress=(zip-6|2) --output \/jre/,
      where,
    );
    assert.equal(run.includes('jdk.crypto.ec'), Number(v['javaVersion']) <= 21, where);
  }
  // Runtime: non-root numeric user, exec-form java, what it copies, labels last.
  const runtime = byStage.get('runtime') ?? [];
  assert.equal(runtime.filter((i) => i.startsWith('USER ')).pop(), 'USER 10001:10001', where);
  assert.ok(
    runtime.some((i) => i.startsWith('RUN groupadd --gid 10001 app && useradd --uid 10001 --gid 10001 --no-log-init')),
    where,
  );
  const copies = runtime.filter((i) => i.startsWith('COPY '));
  const expected = [
    ...(jlink ? ['COPY --link --from=jre /jre /opt/java/openjdk'] : []),
    ...(probe ? ['COPY --link --from=build /out/healthcheck/ /opt/healthcheck/'] : []),
    ...(layers
      ? ['dependencies', 'spring-boot-loader', 'snapshot-dependencies', 'application'].map(
          (l) => `COPY --link --from=build /out/layers/${l}/ /app/`,
        )
      : classpath
        ? ['COPY --link --from=build /out/lib/ /app/lib/']
        : ['COPY --link --from=build /out/app.jar /app/app.jar']),
  ];
  assert.deepEqual(copies, expected, where);
  const entry = runtime.find((i) => i.startsWith('ENTRYPOINT '));
  assert.equal(
    entry,
    classpath ? 'ENTRYPOINT ["java", "-cp", "/app/lib/*", "com.example.Main"]' : 'ENTRYPOINT ["java", "-jar", "/app/app.jar"]',
    where,
  );
  assert.ok(runtime.includes('ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"'), where);
  assert.equal(
    runtime.some((i) => i.startsWith('EXPOSE ')),
    v['server'],
    where,
  );
  assert.equal(
    runtime.some((i) => i.startsWith('HEALTHCHECK ')),
    probe,
    where,
  );
  if (probe)
    assert.ok(
      runtime.some((i) =>
        i.endsWith(
          'CMD ["java", "-Xmx16m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", "/opt/healthcheck", "HealthCheck", "8080", "/actuator/health"]',
        ),
      ),
      where,
    );
  assert.ok(!runtime.some((i) => / (mvn|gradle|javac|jlink|jdeps) /.test(i)), `${where}: build tools in the runtime stage`);
  assert.match(ins[ins.length - 1] as string, /^LABEL org\.opencontainers\.image\.title=/, `${where}: labels last`);
  // .dockerignore never hides what the build binds or copies.
  const patterns = ignore.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  for (const needed of [
    'pom.xml',
    'mvnw',
    '.mvn',
    'gradlew',
    'gradle',
    'src',
    '*.java',
    'build.gradle',
    'settings.gradle',
    'gradle.properties',
    'buildSrc',
    '*.jar',
  ])
    assert.ok(!patterns.includes(needed) && !patterns.includes(`${needed}/`), `${where}: ignores ${needed}`);
  for (const secret of ['.git', '**/.env*', '**/*.pem', '**/*.key', 'target/', 'build/', '.gradle/'])
    assert.ok(patterns.includes(secret), `${where}: keeps ${secret} out`);
}

describe('java template', function () {
  let stack: LoadedStack;
  before(async function () {
    stack = await loadStack(stackDir);
  });

  it(`renders every combination of its ${SWITCHES.length} switches with the invariants intact`, function () {
    this.timeout(120_000);
    for (const values of combos()) {
      const { dockerfile, ignore } = render(stack, values);
      checkOne(values, dockerfile, ignore);
    }
  });

  it('uses the right build image per tool and wrapper, with the versions as global ARGs', function () {
    const args = (values: Record<string, unknown>): string[] =>
      render(stack, values)
        .dockerfile.split('\n')
        .filter((l) => l.startsWith('ARG ') && l.includes('_IMAGE='));
    assert.deepEqual(args({ buildTool: 'maven' }), [
      'ARG MAVEN_IMAGE=maven:${MAVEN_VERSION}-eclipse-temurin-${JAVA_VERSION}',
      'ARG JRE_IMAGE=eclipse-temurin:${JAVA_VERSION}-jre',
    ]);
    assert.deepEqual(args({ buildTool: 'gradle', registry: 'mirror.example.com/hub' }), [
      'ARG GRADLE_IMAGE=mirror.example.com/hub/gradle:${GRADLE_VERSION}-jdk${JAVA_VERSION}',
      'ARG JRE_IMAGE=mirror.example.com/hub/eclipse-temurin:${JAVA_VERSION}-jre',
    ]);
    assert.deepEqual(args({ buildTool: 'gradle', wrapper: true, runtime: 'jlink', debianRelease: 'trixie' }), [
      'ARG JDK_IMAGE=eclipse-temurin:${JAVA_VERSION}-jdk',
      'ARG DEBIAN_IMAGE=debian:trixie-slim',
    ]);
  });

  it('passes build arguments, the artifact glob and the jvm options through unchanged', function () {
    const { dockerfile } = render(stack, {
      buildTool: 'gradle',
      buildArgs: '-Pprod -Pversion=1.2',
      artifact: 'build/libs/*-all.jar',
      jvmOptions: '-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError',
      skipTests: false,
    });
    assert.match(dockerfile, /^gradle --no-daemon --console=plain test assemble -Pprod -Pversion=1\.2$/m);
    assert.match(dockerfile, /^printf '%s\\n' build\/libs\/\*-all\.jar > \/tmp\/jars$/m);
    assert.match(dockerfile, /^ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:\+ExitOnOutOfMemoryError"$/m);
    assert.doesNotMatch(render(stack, { jvmOptions: '' }).dockerfile, /JAVA_TOOL_OPTIONS/);
  });

  it('sets PORT for plain servers only: Spring Boot reads server.port', function () {
    assert.match(render(stack, { server: true, port: 7070 }).dockerfile, /^ENV PORT=7070$/m);
    assert.doesNotMatch(render(stack, { server: true, springBoot: true }).dockerfile, /^ENV PORT=/m);
    assert.doesNotMatch(render(stack, { server: false }).dockerfile, /^ENV PORT=|^EXPOSE /m);
  });
});
