import { evidence, defineDetector, findings, firstExisting, type Findings, type ProjectView, propose, result } from '@dockstack/plugin-api';
import { javaVersion } from './common.js';
import { detectGradle } from './gradle-project.js';
import { detectJavac } from './javac.js';
import { detectMaven } from './maven.js';
import { springPort } from './spring-config.js';

const GRADLE_FILES = ['build.gradle.kts', 'build.gradle', 'settings.gradle.kts', 'settings.gradle'];

/** The wrapper counts when both its script and its properties are committed. */
async function wrapperOf(p: ProjectView, tool: 'maven' | 'gradle', d: Findings): Promise<boolean> {
  const [script, props] =
    tool === 'maven' ? ['mvnw', '.mvn/wrapper/maven-wrapper.properties'] : ['gradlew', 'gradle/wrapper/gradle-wrapper.properties'];
  const has = (await p.exists(script)) && (await p.exists(props));
  propose(
    d,
    'wrapper',
    has,
    has
      ? `${script} and ${props} are committed: the build uses the version they pin`
      : `no ${script} with ${props}: the official ${tool} image builds it`,
  );
  if (has) evidence(d, script, `${tool} wrapper`);
  else if (await p.exists(script)) d.notes.push(`${script} exists without ${props}: not used; the official ${tool} image builds instead`);
  return has;
}

/** Spring Boot port: server.port from application.properties or application.yml. */
async function bootPort(p: ProjectView, d: Findings): Promise<void> {
  if (d.options['springBoot'] !== true || d.options['server'] === false) return;
  const found = await springPort(p, typeof d.options['module'] === 'string' ? d.options['module'] : '');
  if (found?.port !== undefined) propose(d, 'port', found.port, `${found.file} sets server.port ${found.raw}`);
  else if (found !== undefined)
    d.notes.push(`${found.file} sets server.port ${found.raw}, which the stack cannot read as a number: EXPOSE says 8080; --set port=...`);
}

/** Detects Maven, Gradle and build-tool-less Java projects. */
export const detect = defineDetector(async (p) => {
  const d = findings();
  const pom = (await p.readXml('pom.xml')) ?? ((await p.exists('pom.xml')) ? {} : undefined);
  if (pom !== undefined && Object.keys(pom).length === 0)
    d.notes.push('pom.xml is not well-formed XML: nothing in it was read; `mvn validate` names the error');
  const gradle = (await firstExisting(p, GRADLE_FILES)) !== undefined;
  let fromBuild: { value: string; source: string } | undefined;
  let confidence = 0.9;
  if (pom !== undefined) {
    propose(d, 'buildTool', 'maven', 'pom.xml is the build file');
    if (gradle) d.notes.push('both pom.xml and Gradle build files: Maven chosen; --set buildTool=gradle for the other');
    fromBuild = await detectMaven(p, pom, await wrapperOf(p, 'maven', d), d);
  } else if (gradle) {
    propose(d, 'buildTool', 'gradle', 'build.gradle(.kts) or settings.gradle(.kts) is the build file');
    fromBuild = await detectGradle(p, await wrapperOf(p, 'gradle', d), d);
  } else if (await detectJavac(p, d)) {
    confidence = 0.6;
  } else return null;
  await javaVersion(p, fromBuild, d);
  await bootPort(p, d);
  if (d.options['server'] === false) delete d.options['healthcheckPath'];
  return result(d, confidence);
});
