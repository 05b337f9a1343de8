import { evidence, type Findings, firstExisting, firstText, type ProjectView, propose, inDir } from '@dockstack/plugin-api';
import { bootOptions, frameworkNotes, mainClassOf, plainServer } from './app-kind.js';
import { ignoredResources, labels } from './common.js';
import { catalogVersion, parseGradleScript, parseSettings, wrapperGradleVersion, type GradleScript } from './gradle.js';
import { ktorConfigPort } from './ktor.js';
import { findMains } from './sources.js';

const BOOT = 'org.springframework.boot';
const SHADOW = ['com.github.johnrengelman.shadow', 'com.gradleup.shadow', 'io.github.goooler.shadow'];

interface Project {
  dir: string;
  file: string;
  script: GradleScript;
}

/** The build script of a directory: build.gradle.kts or build.gradle. */
async function script(p: ProjectView, dir: string): Promise<Project | undefined> {
  const found = await firstText(p, [inDir(dir, 'build.gradle.kts'), inDir(dir, 'build.gradle')]);
  return found && { dir, file: found.file, script: parseGradleScript(found.text) };
}

/** The application plugin, applied directly or by Ktor's Gradle plugin (`io.ktor.plugin` applies it). */
function appliesApplication(s: GradleScript): boolean {
  return s.plugins.has('application') || s.plugins.has('io.ktor.plugin');
}

function hasBoot(s: GradleScript): boolean {
  return s.plugins.has(BOOT) || [...s.plugins.keys()].some((k) => /^alias:(spring\.?boot|org\.springframework\.boot)$/i.test(k));
}

/** The project that makes the runnable app: Spring Boot, then the application plugin, then the root. */
function chooseProject(root: Project | undefined, subs: Project[]): Project | undefined {
  const all = [...(root === undefined ? [] : [root]), ...subs];
  return (
    all.find((x) => hasBoot(x.script)) ??
    all.find((x) => appliesApplication(x.script)) ??
    all.find((x) => x.script.plugins.has('java')) ??
    root ??
    subs[0]
  );
}

async function bootVersion(p: ProjectView, chosen: Project, root: Project | undefined): Promise<string | undefined> {
  for (const x of [chosen, root]) {
    const v = x?.script.plugins.get(BOOT) ?? x?.script.declared.get(BOOT);
    if (v !== undefined) return v;
  }
  return catalogVersion(await p.readToml('gradle/libs.versions.toml'), ['spring-boot', 'springBoot', 'springboot', 'boot']);
}

/** Files the pre-fetch step binds: settings, scripts, properties, version catalog, buildSrc. */
async function buildFiles(p: ProjectView, settingsFile: string | undefined, projects: Project[], wrapper: boolean): Promise<string[]> {
  const files = [...(settingsFile === undefined ? [] : [settingsFile]), ...projects.map((x) => x.file)];
  if (await p.exists('gradle.properties')) files.push('gradle.properties');
  if (!wrapper && (await p.exists('gradle'))) files.push('gradle');
  if (await p.exists('buildSrc')) files.push('buildSrc');
  return files;
}

/** Gradle build: settings, projects, Java toolchain, Spring Boot or application/shadow packaging. */
export async function detectGradle(p: ProjectView, wrapper: boolean, d: Findings): Promise<{ value: string; source: string } | undefined> {
  const settingsFile = await firstExisting(p, ['settings.gradle.kts', 'settings.gradle']);
  const settings = parseSettings(settingsFile === undefined ? '' : ((await p.readText(settingsFile)) ?? ''));
  const root = await script(p, '');
  const subs: Project[] = [];
  for (const dir of settings.includes.slice(0, 40)) {
    const sub = await script(p, dir);
    if (sub !== undefined) subs.push(sub);
  }
  evidence(
    d,
    root?.file ?? settingsFile ?? 'build.gradle',
    `Gradle build${settings.includes.length > 0 ? ` of ${settings.includes.length} subprojects` : ''}`,
  );
  const chosen = chooseProject(root, subs);
  if (chosen === undefined) return undefined;
  if (chosen.dir !== '') propose(d, 'module', chosen.dir, `${chosen.file} builds the runnable app (of ${subs.length} subprojects)`);
  propose(
    d,
    'buildFiles',
    (await buildFiles(p, settingsFile, [...(root === undefined ? [] : [root]), ...subs], wrapper)).join(' '),
    'the settings, every build script, gradle.properties, the version catalog and buildSrc that exist: the pre-fetch step sees nothing else',
  );
  const wrapperProps = await p.readText('gradle/wrapper/gradle-wrapper.properties');
  const gv = wrapperProps === undefined ? undefined : wrapperGradleVersion(wrapperProps);
  if (gv !== undefined) propose(d, 'gradleVersion', gv, `gradle-wrapper.properties pins Gradle ${gv}`);
  const deps = [...(root?.script.dependencies ?? []), ...chosen.script.dependencies];
  if (hasBoot(chosen.script)) bootOptions(await bootVersion(p, chosen, root), chosen.file, deps, d);
  else await plainPackaging(p, chosen, deps, d);
  frameworkNotes(deps, d);
  const name = chosen.dir === '' ? settings.name : chosen.dir.split('/').pop();
  const named = chosen.dir === '' ? `${settingsFile ?? 'settings.gradle'} rootProject.name` : 'the subproject directory';
  await labels(p, d, 'build.gradle', [name, named]);
  await ignoredResources(p, chosen.dir, d);
  const s = chosen.script.toolchain !== undefined || chosen.script.compatibility !== undefined ? chosen : root;
  if (s?.script.toolchain !== undefined)
    return { value: s.script.toolchain, source: `${s.file} toolchain languageVersion ${s.script.toolchain}` };
  if (s?.script.compatibility !== undefined)
    return { value: s.script.compatibility, source: `${s.file} sourceCompatibility ${s.script.compatibility}` };
  return undefined;
}

async function plainPackaging(p: ProjectView, chosen: Project, deps: readonly string[], d: Findings): Promise<void> {
  const scan = await findMains(p, [inDir(chosen.dir, 'src/main/java'), inDir(chosen.dir, 'src/main/kotlin')], { kotlin: true });
  plainServer(scan.mains, deps, d);
  await ktorConfigPort(p, chosen.dir, deps, d);
  if (SHADOW.some((id) => chosen.script.plugins.has(id))) {
    propose(d, 'packaging', 'executable-jar', `${chosen.file} applies the shadow plugin: one runnable fat jar`);
    propose(d, 'artifact', 'build/libs/*-all.jar', 'the shadow jar (-all) sits beside the plain jar in build/libs');
    return;
  }
  const main = mainClassOf(chosen.file, chosen.script.mainClass, scan.mains);
  if (appliesApplication(chosen.script)) {
    const via = chosen.script.plugins.has('application')
      ? 'the application plugin'
      : "Ktor's Gradle plugin (io.ktor.plugin applies the application plugin)";
    propose(d, 'packaging', 'classpath', `${chosen.file} applies ${via}: installDist puts the jar and its runtime dependencies in lib/`);
    if (main !== undefined) propose(d, 'mainClass', main.name, main.why);
    else d.notes.push(`${chosen.file}: application plugin without a mainClass the stack could read: --set mainClass=...`);
    return;
  }
  d.notes.push(
    `${chosen.file}: no Spring Boot, application or shadow plugin: the jar in build/libs must be runnable with java -jar, or apply the application plugin`,
  );
}
