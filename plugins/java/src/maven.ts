import { evidence, type Findings, type ProjectView, propose, type Table, inDir, xmlTexts } from '@dockstack/plugin-api';
import { bootOptions, frameworkNotes, mainClassOf, plainServer } from './app-kind.js';
import { ignoredResources, labels } from './common.js';
import { parsePom, plugin, pluginSetting, resolve, type Pom } from './pom.js';
import { ktorConfigPort } from './ktor.js';
import { findMains } from './sources.js';

/** At most this many module poms are read. */
const MAX_MODULES = 40;

interface Module {
  dir: string;
  pom: Pom;
}

/** Every module pom of the reactor (nested modules too), bounded. */
async function reactor(p: ProjectView, root: Pom, d: Findings): Promise<Module[]> {
  const out: Module[] = [];
  const queue = root.modules.map((m) =>
    m
      .replace(/\/pom\.xml$/, '')
      .replace(/^\.\//, '')
      .replace(/\/+$/, ''),
  );
  while (queue.length > 0 && out.length < MAX_MODULES) {
    const dir = queue.shift() as string;
    if (dir.startsWith('..') || !/^[A-Za-z0-9_][A-Za-z0-9_./-]*$/.test(dir)) {
      d.notes.push(`module ${dir} is outside the project or has an unusual path: not in the build context's pre-fetch step`);
      continue;
    }
    const doc = await p.readXml(`${dir}/pom.xml`);
    if (doc === undefined) continue;
    const pom = parsePom(doc);
    out.push({ dir, pom });
    for (const sub of pom.modules) queue.push(`${dir}/${sub.replace(/\/+$/, '')}`);
  }
  if (queue.length > 0) d.notes.push(`more than ${MAX_MODULES} modules: only the first were read`);
  return out;
}

/** Spring Boot repackages the jar only when its plugin is declared (the starter parent only configures it). */
function isBoot(mod: Module, root: Pom, d: Findings): boolean {
  const file = inDir(mod.dir, 'pom.xml');
  const bootParent = [mod.pom.parent?.artifactId, root.parent?.artifactId].includes('spring-boot-starter-parent');
  const p = plugin(mod.pom, 'spring-boot-maven-plugin');
  if (p === undefined) {
    if (bootParent)
      d.notes.push(
        `${file} inherits spring-boot-starter-parent but does not declare spring-boot-maven-plugin: mvn package makes a plain jar, not an executable one; add the plugin`,
      );
    return false;
  }
  if (!bootParent && !xmlTexts(p.body, 'goal').includes('repackage'))
    d.notes.push(`${file}: spring-boot-maven-plugin without the starter parent needs a repackage execution, or the jar is not executable`);
  return true;
}

/**
 * The module that makes the runnable app: Spring Boot first, then one with a fat-jar plugin or a main
 * class setting (maven-jar-plugin's manifest, exec.mainClass), then the one jar module no other module
 * depends on (a library sits under the app), then the first jar module.
 */
function chooseModule(root: Pom, modules: Module[]): Module {
  const runnable = (m: Module): boolean =>
    ['maven-shade-plugin', 'maven-assembly-plugin', 'exec-maven-plugin'].some((a) => plugin(m.pom, a) !== undefined) ||
    pluginSetting(m.pom, plugin(m.pom, 'maven-jar-plugin'), 'mainClass') !== undefined ||
    m.pom.properties.has('start-class') ||
    m.pom.properties.has('exec.mainClass');
  const jars = modules.filter((m) => m.pom.packaging === 'jar');
  const used = new Set(modules.flatMap((m) => m.pom.dependencies));
  const groupOf = (m: Module): string => m.pom.groupId ?? m.pom.parent?.groupId ?? '';
  const tops = jars.filter((m) => !used.has(`${groupOf(m)}:${m.pom.artifactId ?? ''}`));
  return (
    modules.find((m) => plugin(m.pom, 'spring-boot-maven-plugin') !== undefined) ??
    modules.find(runnable) ??
    (tops.length === 1 ? tops[0] : undefined) ??
    jars[0] ?? { dir: '', pom: root }
  );
}

/** The Java version the pom asks for: compiler plugin release, then the usual properties. */
function pomJava(pom: Pom, root: Pom): { value: string; source: string } | undefined {
  const props = new Map([...root.properties, ...pom.properties]);
  const compiler = plugin(pom, 'maven-compiler-plugin') ?? plugin(root, 'maven-compiler-plugin');
  const candidates: Array<[string | undefined, string]> = [
    [pluginSetting({ ...pom, properties: props }, compiler, 'release'), 'maven-compiler-plugin <release>'],
    [props.get('maven.compiler.release'), 'maven.compiler.release'],
    [props.get('java.version'), 'java.version'],
    [pluginSetting({ ...pom, properties: props }, compiler, 'source'), 'maven-compiler-plugin <source>'],
    [props.get('maven.compiler.source'), 'maven.compiler.source'],
    [props.get('maven.compiler.target'), 'maven.compiler.target'],
  ];
  for (const [value, name] of candidates) {
    const v = value === undefined ? undefined : resolve(value, props);
    if (v !== undefined && !v.includes('${')) return { value: v, source: `pom.xml ${name} ${v}` };
  }
  return undefined;
}

function bootVersion(pom: Pom, root: Pom): string | undefined {
  for (const x of [pom, root]) {
    if (x.parent?.artifactId === 'spring-boot-starter-parent' && x.parent.version !== undefined) return x.parent.version;
    const bom = x.imports.get('spring-boot-dependencies');
    if (bom !== undefined && !bom.includes('${')) return bom;
    const v = plugin(x, 'spring-boot-maven-plugin')?.version;
    if (v !== undefined && !v.includes('${')) return v;
  }
  return undefined;
}

/** Non-Boot packaging: shade and assembly fat jars, else the runtime classpath with a main class. */
async function plainPackaging(p: ProjectView, mod: Module, deps: readonly string[], d: Findings): Promise<void> {
  const pom = mod.pom;
  const file = inDir(mod.dir, 'pom.xml');
  const scan = await findMains(p, [inDir(mod.dir, 'src/main/java'), inDir(mod.dir, 'src/main/kotlin')], { kotlin: true });
  plainServer(scan.mains, deps, d);
  await ktorConfigPort(p, mod.dir, deps, d);
  const assembly = plugin(pom, 'maven-assembly-plugin');
  if (plugin(pom, 'maven-shade-plugin') !== undefined) {
    propose(
      d,
      'packaging',
      'executable-jar',
      `${file}: maven-shade-plugin builds a runnable fat jar (the original-*.jar it leaves is skipped)`,
    );
    return;
  }
  if (assembly !== undefined && xmlTexts(assembly.body, 'descriptorRef').includes('jar-with-dependencies')) {
    propose(d, 'packaging', 'executable-jar', `${file}: maven-assembly-plugin builds a jar-with-dependencies`);
    propose(d, 'artifact', 'target/*-jar-with-dependencies.jar', 'the assembly jar sits beside the plain jar in target/');
    return;
  }
  const configured =
    pluginSetting(pom, plugin(pom, 'exec-maven-plugin'), 'mainClass') ??
    pluginSetting(pom, plugin(pom, 'maven-jar-plugin'), 'mainClass') ??
    pom.properties.get('exec.mainClass');
  const main = mainClassOf(file, configured, scan.mains, 'configures');
  if (main !== undefined && /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(main.name)) {
    const why = `${file} has no fat-jar plugin: the app jar and its runtime dependencies (dependency:copy-dependencies) go to /app/lib`;
    propose(d, 'packaging', 'classpath', why);
    return propose(d, 'mainClass', main.name, main.why);
  }
  const several = scan.mains.length > 1 ? ` (main methods in ${scan.mains.map((m) => m.className).join(', ')})` : '';
  d.notes.push(
    `${file}: no Spring Boot, shade or assembly plugin and no single main class${several}: the jar in target/ must be runnable with java -jar, or set --set packaging=classpath --set mainClass=...`,
  );
}

/** Maven project: reactor, module, Java version, Spring Boot or plain packaging, metadata. */
export async function detectMaven(
  p: ProjectView,
  doc: Table,
  wrapper: boolean,
  d: Findings,
): Promise<{ value: string; source: string } | undefined> {
  const root = parsePom(doc);
  evidence(d, 'pom.xml', `Maven project ${root.artifactId ?? ''}`.trim());
  const modules = root.modules.length > 0 ? await reactor(p, root, d) : [];
  const mod = root.packaging === 'pom' && modules.length > 0 ? chooseModule(root, modules) : { dir: '', pom: root };
  if (mod.dir !== '') {
    propose(d, 'module', mod.dir, `${mod.dir}/pom.xml builds the runnable app (of ${modules.length} modules)`);
    evidence(d, `${mod.dir}/pom.xml`, `module ${mod.pom.artifactId ?? mod.dir}`);
  }
  const files = ['pom.xml', ...modules.map((m) => `${m.dir}/pom.xml`)];
  if (!wrapper && (await p.exists('.mvn'))) files.push('.mvn');
  propose(
    d,
    'buildFiles',
    files.join(' '),
    `every pom.xml of the build${files.includes('.mvn') ? ' and .mvn/ (its extensions and JVM config)' : ''}: the pre-fetch step sees nothing else`,
  );
  const deps = [...root.dependencies, ...mod.pom.dependencies];
  if (mod.pom.packaging === 'war')
    d.notes.push(
      'packaging war: this stack runs a jar; switch to a jar (Spring Boot runs wars with java -jar too) or use a servlet container image',
    );
  if (isBoot(mod, root, d)) bootOptions(bootVersion(mod.pom, root), inDir(mod.dir, 'pom.xml'), deps, d);
  else await plainPackaging(p, mod, deps, d);
  frameworkNotes(deps, d);
  await labels(p, d, 'pom.xml', [mod.pom.artifactId ?? root.artifactId, 'pom.xml <artifactId>'], root.scmUrl, root.licenseNames);
  await ignoredResources(p, mod.dir, d);
  return pomJava(mod.pom, root);
}
