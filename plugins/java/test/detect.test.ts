import assert from 'node:assert/strict';
import type { DetectResult } from '@dockstack/plugin-api';
import { detect } from '../src/detect.js';
import { catalogVersion, parseGradleScript, parseSettings, wrapperGradleVersion } from '../src/gradle.js';
import { featureRelease } from '../src/java-version.js';
import { parsePom, resolve } from '../src/pom.js';
import { codePort } from '../src/sources.js';
import { portNumber, propertiesPort, yamlPort } from '../src/spring-config.js';
import { memoryView } from '@dockstack/testing';

const BOOT_PARENT = (version: string): string =>
  `<parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>${version}</version></parent>`;
const BOOT_PLUGIN =
  '<build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build>';
const WEB =
  '<dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies>';
const pom = (inner: string): string => `<?xml version="1.0"?>\n<project><modelVersion>4.0.0</modelVersion>${inner}</project>`;

async function run(files: Record<string, string>): Promise<DetectResult> {
  const result = await detect(memoryView(files));
  assert.ok(result, 'detection returned null');
  return result;
}
const notes = (r: DetectResult): string => (r.notes ?? []).join('\n');

describe('java detection', function () {
  describe('parsers', function () {
    it("reads project fields, not the parent's or a dependency's; drops comments; resolves properties", async function () {
      const xml = pom(`<!-- <artifactId>commented</artifactId> -->${BOOT_PARENT('3.4.0')}<groupId>g</groupId><artifactId>svc</artifactId>
        <properties><java.version>21</java.version><rel>\${java.version}</rel></properties>${WEB}
        <build><plugins><plugin><artifactId>maven-compiler-plugin</artifactId><configuration><release>\${rel}</release></configuration></plugin></plugins></build>`);
      const p = parsePom((await memoryView({ 'pom.xml': xml }).readXml('pom.xml')) ?? {});
      assert.equal(p.artifactId, 'svc');
      assert.equal(p.parent?.artifactId, 'spring-boot-starter-parent');
      assert.deepEqual(p.dependencies, ['org.springframework.boot:spring-boot-starter-web']);
      assert.equal(resolve('${rel}', p.properties), '21');
      assert.equal(p.plugins[0]?.artifactId, 'maven-compiler-plugin');
    });

    it('reads Gradle plugins, toolchains, compatibility, main class, settings and the wrapper version', async function () {
      const kts = parseGradleScript(
        'plugins {\n  java\n  application\n  id("org.springframework.boot") version "3.3.5"\n  alias(libs.plugins.shadow)\n}\n// sourceCompatibility = 8\njava { toolchain { languageVersion.set(JavaLanguageVersion.of(21)) } }\napplication { mainClass.set("a.B") }\ndependencies { implementation("io.javalin:javalin:6.3.0") }\n',
      );
      assert.equal(kts.plugins.get('org.springframework.boot'), '3.3.5');
      assert.ok(kts.plugins.has('application') && kts.plugins.has('java') && kts.plugins.has('alias:shadow'));
      assert.equal(kts.toolchain, '21');
      assert.equal(kts.compatibility, undefined);
      assert.equal(kts.mainClass, 'a.B');
      assert.deepEqual(kts.dependencies, ['io.javalin:javalin']);
      assert.equal(parseGradleScript("sourceCompatibility = JavaVersion.VERSION_1_8\nmainClassName = 'x.Y'").compatibility, '1.8');
      assert.equal(parseGradleScript("java { sourceCompatibility = '17' }").compatibility, '17');
      assert.equal(parseGradleScript('kotlin { jvmToolchain(17) }').toolchain, '17');
      assert.deepEqual(parseSettings("rootProject.name = 'x'\ninclude 'api', ':libs:core'\ninclude(\"web\")\n"), {
        name: 'x',
        includes: ['api', 'libs/core', 'web'],
      });
      assert.equal(wrapperGradleVersion('distributionUrl=https\\://services.gradle.org/distributions/gradle-9.1.0-all.zip'), '9.1.0');
      assert.equal(
        catalogVersion(
          await memoryView({
            'v.toml': '[versions]\nspring-boot = "3.5.0"\n[plugins]\nboot = { id = "x", version.ref = "spring-boot" }\n',
          }).readToml('v.toml'),
          ['spring-boot'],
        ),
        '3.5.0',
      );
    });

    it('normalises Java versions and finds ports in code and Spring config', async function () {
      assert.deepEqual(['17', '21.0.2', '1.8', '21.0.2-tem', 'temurin-17', '11.0.25+9', 'lts', '2'].map(featureRelease), [
        17,
        21,
        8,
        21,
        17,
        11,
        undefined,
        undefined,
      ]);
      assert.equal(codePort('int p = Integer.parseInt(System.getenv().getOrDefault("PORT", "9000"));'), 9000);
      assert.equal(codePort('String port = System.getenv("PORT");\nint listen = Integer.parseInt(port == null ? "8181" : port);'), 8181);
      assert.equal(codePort('app.start(7070);'), 7070);
      assert.equal(propertiesPort('a=1\nserver.port = ${PORT:8081}\n'), '${PORT:8081}');
      assert.equal(portNumber('${PORT:8081}'), 8081);
      assert.equal(portNumber('${PORT}'), undefined);
      const yaml = (text: string) => memoryView({ 'a.yml': text }).readYaml('a.yml');
      assert.equal(yamlPort(await yaml('spring:\n  port: 1\nserver:\n  address: 0.0.0.0\n  port: 9443\n')), '9443');
      assert.equal(yamlPort(await yaml('server.port: 7000\n')), '7000');
    });
  });

  describe('Maven projects', function () {
    it('Spring Boot 3.3+: layers, web server, actuator probe, port from application.properties', async function () {
      const r = await run({
        'pom.xml': pom(
          `${BOOT_PARENT('3.3.0')}<artifactId>api</artifactId>${WEB.replace('</dependencies>', '<dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-actuator</artifactId></dependency></dependencies>')}${BOOT_PLUGIN}`,
        ),
        'src/main/resources/application.properties': 'server.port=8443\n',
      });
      assert.equal(r.options['springBoot'], true);
      assert.equal(r.options['layers'], true);
      assert.equal(r.options['server'], true);
      assert.equal(r.options['port'], 8443);
      assert.equal(r.options['healthcheckPath'], '/actuator/health');
      assert.equal(r.options['javaVersion'], '25');
      assert.equal(r.options['wrapper'], false);
    });

    it('Spring Boot 3.2 and older: no layers, with a note; a Boot app without a web starter is not a server', async function () {
      const r = await run({ 'pom.xml': pom(`${BOOT_PARENT('3.2.5')}<artifactId>batch</artifactId>${BOOT_PLUGIN}`) });
      assert.equal(r.options['layers'], false);
      assert.equal(r.options['server'], false);
      assert.equal(r.options['healthcheckPath'], undefined);
      assert.match(notes(r), /3\.3 or newer/);
    });

    it('Boot version from an imported BOM; the starter parent without the plugin makes no executable jar', async function () {
      const bom = await run({
        'pom.xml': pom(
          `<artifactId>x</artifactId><dependencyManagement><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-dependencies</artifactId><version>3.5.3</version><type>pom</type><scope>import</scope></dependency></dependencies></dependencyManagement>${BOOT_PLUGIN.replace('</plugin>', '<executions><execution><goals><goal>repackage</goal></goals></execution></executions></plugin>')}`,
        ),
      });
      assert.equal(bom.options['layers'], true);
      assert.doesNotMatch(notes(bom), /repackage/);
      const bare = await run({ 'pom.xml': pom(`${BOOT_PARENT('3.4.0')}<artifactId>x</artifactId>`) });
      assert.equal(bare.options['springBoot'], undefined);
      assert.match(notes(bare), /does not declare spring-boot-maven-plugin/);
    });

    it('Java version: compiler plugin release over properties; source/target 1.8 becomes 11 with a note', async function () {
      const r = await run({
        'pom.xml': pom(
          '<artifactId>x</artifactId><properties><java.version>17</java.version></properties><build><plugins><plugin><artifactId>maven-compiler-plugin</artifactId><configuration><release>21</release></configuration></plugin></plugins></build>',
        ),
      });
      assert.equal(r.options['javaVersion'], '21');
      assert.match(r.why?.['javaVersion'] ?? '', /<release>/);
      const old = await run({
        'pom.xml': pom('<artifactId>x</artifactId><properties><maven.compiler.source>1.8</maven.compiler.source></properties>'),
      });
      assert.equal(old.options['javaVersion'], '11');
      assert.match(notes(old), /targets Java 8/);
    });

    it('falls back to .java-version, then .sdkmanrc, when the pom says nothing', async function () {
      assert.equal(
        (await run({ 'pom.xml': pom('<artifactId>x</artifactId>'), '.java-version': 'temurin-21.0.5\n' })).options['javaVersion'],
        '21',
      );
      assert.equal(
        (await run({ 'pom.xml': pom('<artifactId>x</artifactId>'), '.sdkmanrc': '# sdk\njava=17.0.13-tem\n' })).options['javaVersion'],
        '17',
      );
    });

    it('wrapper only with its properties; .mvn is bound for extensions when there is no wrapper', async function () {
      const half = await run({ 'pom.xml': pom('<artifactId>x</artifactId>'), mvnw: '#!/bin/sh\n', '.mvn/jvm.config': '-Xmx1g' });
      assert.equal(half.options['wrapper'], false);
      assert.equal(half.options['buildFiles'], 'pom.xml .mvn');
      assert.match(notes(half), /mvnw exists without/);
      const full = await run({
        'pom.xml': pom('<artifactId>x</artifactId>'),
        mvnw: '#!/bin/sh\n',
        '.mvn/wrapper/maven-wrapper.properties': 'distributionUrl=x',
      });
      assert.equal(full.options['wrapper'], true);
      assert.equal(full.options['buildFiles'], 'pom.xml');
    });

    it('plain apps: assembly jar-with-dependencies, classpath packaging with the one main class, war and Quarkus notes', async function () {
      const assembly = await run({
        'pom.xml': pom(
          '<artifactId>x</artifactId><build><plugins><plugin><artifactId>maven-assembly-plugin</artifactId><configuration><descriptorRefs><descriptorRef>jar-with-dependencies</descriptorRef></descriptorRefs></configuration></plugin></plugins></build>',
        ),
      });
      assert.equal(assembly.options['artifact'], 'target/*-jar-with-dependencies.jar');
      const plain = await run({
        'pom.xml': pom('<artifactId>x</artifactId>'),
        'src/main/java/a/Job.java': 'package a;\nclass Job { public static void main(String[] args) {} }\n',
      });
      assert.equal(plain.options['packaging'], 'classpath');
      assert.equal(plain.options['mainClass'], 'a.Job');
      assert.equal(plain.options['server'], false);
      const war = await run({
        'pom.xml': pom(
          '<artifactId>x</artifactId><packaging>war</packaging><dependencies><dependency><groupId>io.quarkus</groupId><artifactId>quarkus-rest</artifactId></dependency></dependencies>',
        ),
      });
      assert.match(notes(war), /packaging war/);
      assert.match(notes(war), /Quarkus/);
    });

    it('multi-module: binds every pom, packages the Boot module', async function () {
      const r = await run({
        'pom.xml': pom(
          '<artifactId>parent</artifactId><packaging>pom</packaging><modules><module>lib</module><module>svc</module></modules><properties><java.version>21</java.version></properties>',
        ),
        'lib/pom.xml': pom('<artifactId>lib</artifactId><modules><module>inner</module></modules>'),
        'lib/inner/pom.xml': pom('<artifactId>inner</artifactId>'),
        'svc/pom.xml': pom(`${BOOT_PARENT('3.4.0')}<artifactId>svc</artifactId>${WEB}${BOOT_PLUGIN}`),
        'svc/src/main/resources/application.yml': 'server:\n  port: 8090\n',
        'svc/src/main/resources/jwt.pem': 'x',
      });
      assert.equal(r.options['module'], 'svc');
      assert.equal(r.options['buildFiles'], 'pom.xml lib/pom.xml svc/pom.xml lib/inner/pom.xml');
      assert.equal(r.options['port'], 8090);
      assert.equal(r.options['appName'], 'svc');
      assert.equal(r.options['javaVersion'], '21');
      assert.match(notes(r), /jwt\.pem/);
    });
  });

  describe('Gradle builds', function () {
    it('subprojects: the Boot one is packaged; every script, the catalog and buildSrc are bound', async function () {
      const r = await run({
        'settings.gradle.kts': 'rootProject.name = "shop"\ninclude("core", "web")\n',
        'build.gradle.kts': 'plugins { id("org.springframework.boot") version "3.4.2" apply false }\n',
        'core/build.gradle.kts': 'plugins { `java-library` }\n',
        'web/build.gradle.kts':
          'plugins { id("org.springframework.boot") }\njava { toolchain { languageVersion = JavaLanguageVersion.of(21) } }\ndependencies { implementation("org.springframework.boot:spring-boot-starter-web") }\n',
        'gradle/libs.versions.toml': '[versions]\n',
        'buildSrc/build.gradle.kts': 'plugins { `kotlin-dsl` }\n',
      });
      assert.equal(r.options['buildTool'], 'gradle');
      assert.equal(r.options['module'], 'web');
      assert.equal(
        r.options['buildFiles'],
        'settings.gradle.kts build.gradle.kts core/build.gradle.kts web/build.gradle.kts gradle buildSrc',
      );
      assert.equal(r.options['layers'], true);
      assert.equal(r.options['javaVersion'], '21');
      assert.equal(r.options['server'], true);
    });

    it('shadow plugin picks the -all jar; the application plugin without mainClass uses the one main method', async function () {
      const shadow = await run({ 'build.gradle': "plugins { id 'java'\n id 'com.gradleup.shadow' version '8.3.5' }\n" });
      assert.equal(shadow.options['artifact'], 'build/libs/*-all.jar');
      const app = await run({
        'build.gradle': "plugins { id 'application' }\n",
        'src/main/java/x/Tool.java': 'package x;\npublic class Tool { public static void main(String[] a) {} }\n',
      });
      assert.equal(app.options['packaging'], 'classpath');
      assert.equal(app.options['mainClass'], 'x.Tool');
    });

    it("Kotlin: the top-level main's file facade (<File>Kt, or @file:JvmName) is the main class; Ktor's embeddedServer port", async function () {
      const r = await run({
        'build.gradle.kts':
          'plugins { kotlin("jvm") version "2.1.10"\n application }\ndependencies { implementation("io.ktor:ktor-server-netty-jvm:3.1.1") }\n',
        'src/main/kotlin/com/example/Application.kt':
          'package com.example\n\nimport io.ktor.server.engine.*\n\nfun main() {\n    embeddedServer(Netty, port = System.getenv("PORT")?.toInt() ?: 8081) {}.start(wait = true)\n}\n',
        'src/main/kotlin/com/example/Util.kt': 'package com.example\n\nclass Util {\n    fun main() {}\n}\n',
      });
      assert.equal(r.options['packaging'], 'classpath');
      assert.equal(r.options['mainClass'], 'com.example.ApplicationKt');
      assert.equal(r.options['server'], true);
      assert.equal(r.options['port'], 8081);
      const named = await run({
        'build.gradle.kts': 'plugins { application }\n',
        'src/main/kotlin/tool.kt': '@file:JvmName("Tool")\npackage jobs\n\nsuspend fun main() {}\n',
      });
      assert.equal(named.options['mainClass'], 'jobs.Tool');
      const plain = await run({ 'build.gradle.kts': 'plugins { application }\n', 'src/main/kotlin/app.kt': 'fun main() {}\n' });
      assert.equal(plain.options['mainClass'], 'AppKt');
    });

    it("Ktor's Gradle plugin applies the application plugin; the port comes from application.conf or .yaml, with a note when PORT is not read", async function () {
      const build =
        'plugins { id("io.ktor.plugin") version "3.1.1" }\napplication { mainClass = "io.ktor.server.netty.EngineMain" }\ndependencies { implementation("io.ktor:ktor-server-netty") }\n';
      const hocon = await run({
        'build.gradle.kts': build,
        'src/main/resources/application.conf':
          'database {\n  port = 5432\n}\nktor {\n  deployment {\n    port = 8088\n    port = ${?PORT}\n  }\n}\n',
      });
      assert.equal(hocon.options['packaging'], 'classpath');
      assert.equal(hocon.options['mainClass'], 'io.ktor.server.netty.EngineMain');
      assert.equal(hocon.options['port'], 8088);
      assert.doesNotMatch(notes(hocon), /never reads PORT/);
      const yaml = await run({
        'build.gradle.kts': build,
        'src/main/resources/application.yaml': 'ktor:\n  deployment:\n    port: 9000\n',
      });
      assert.equal(yaml.options['port'], 9000);
      assert.match(notes(yaml), /application\.yaml fixes Ktor's port at 9000 and never reads PORT.*port: "\$PORT:9000"/);
      const env = await run({
        'build.gradle.kts': build,
        'src/main/resources/application.yaml': 'ktor:\n  deployment:\n    port: "$PORT:9001"\n',
      });
      assert.equal(env.options['port'], 9001);
      assert.doesNotMatch(notes(env), /never reads PORT/);
    });

    it('Boot version from the version catalog when the plugin comes by alias', async function () {
      const r = await run({
        'build.gradle.kts': 'plugins { alias(libs.plugins.spring.boot) }\n',
        'gradle/libs.versions.toml': '[versions]\nspringBoot = "3.2.1"\n',
      });
      assert.equal(r.options['springBoot'], true);
      assert.equal(r.options['layers'], false);
    });

    it('prefers Maven when both build tools are present, and says so', async function () {
      const r = await run({ 'pom.xml': pom('<artifactId>x</artifactId>'), 'build.gradle': '' });
      assert.equal(r.options['buildTool'], 'maven');
      assert.match(notes(r), /both pom\.xml and Gradle/);
    });
  });

  describe('no build tool', function () {
    it('javac: chooses the server among several mains, reads its port, notes the others', async function () {
      const r = await run({
        'src/tools/Seed.java': 'package tools;\npublic class Seed { public static void main(String[] a) {} }\n',
        'src/web/Api.java':
          'package web;\nimport com.sun.net.httpserver.HttpServer;\npublic class Api { public static void main(String[] a) throws Exception { HttpServer.create(new java.net.InetSocketAddress(9090), 0).start(); } }\n',
      });
      assert.equal(r.confidence, 0.6);
      assert.equal(r.options['mainClass'], 'web.Api');
      assert.equal(r.options['sourceDir'], 'src');
      assert.equal(r.options['port'], 9090);
      assert.match(notes(r), /tools\.Seed/);
    });

    it('a JDK 25 compact source file at the root; nothing Java at all is not this stack', async function () {
      const r = await run({ 'Main.java': 'void main() {\n  IO.println("hi");\n}\n' });
      assert.equal(r.options['mainClass'], 'Main');
      assert.equal(r.options['sourceDir'], '.');
      assert.equal(await detect(memoryView({ 'package.json': '{}', 'src/index.js': '' })), null);
    });
  });
});
