import { evidence, type Findings, propose } from '@dockstack/plugin-api';

/** Dependencies (`group:artifact` or artifact prefixes) that make an app a web server. */
const WEB = [
  'org.springframework.boot:spring-boot-starter-web',
  'org.springframework.boot:spring-boot-starter-webflux',
  'org.springframework.boot:spring-boot-starter-jersey',
  'io.javalin:javalin',
  'io.vertx:vertx-web',
  'io.undertow:undertow-core',
  'org.eclipse.jetty:jetty-server',
  'io.helidon.webserver:helidon-webserver',
  'com.sparkjava:spark-core',
  'io.ktor:ktor-server-core',
  'io.micronaut:micronaut-http-server-netty',
];

/** Frameworks with their own packaging layout, which a single runnable jar does not cover. */
const OWN_LAYOUT: Array<[string, string]> = [
  [
    'io.quarkus:',
    "Quarkus builds a fast-jar directory (target/quarkus-app), not one runnable jar: set quarkus.package.jar.type=uber-jar and --set artifact=target/*-runner.jar, or use Quarkus's own Dockerfiles",
  ],
];

/** True when the coordinates include a web server starter or library. */
export function isWebApp(deps: readonly string[]): boolean {
  return deps.some((d) => WEB.some((w) => d === w || d.startsWith(`${w}-`) || d.startsWith(`${w}:`)));
}

/** Notes for frameworks the stack does not package as they expect. */
export function frameworkNotes(deps: readonly string[], d: Findings): void {
  for (const [prefix, note] of OWN_LAYOUT) if (deps.some((x) => x.startsWith(prefix))) d.notes.push(note);
}

/** Spring Boot: the version decides layered extraction (jarmode=tools, Boot 3.3+). */
export function bootOptions(version: string | undefined, source: string, deps: readonly string[], d: Findings): void {
  propose(d, 'springBoot', true, `${source}: Spring Boot${version === undefined ? '' : ` ${version}`}, an executable jar`);
  evidence(d, source.split(' ')[0] ?? source, `Spring Boot${version === undefined ? '' : ` ${version}`}`);
  const m = version === undefined ? null : /^(\d+)\.(\d+)/.exec(version);
  if (m && (Number(m[1]) > 3 || (Number(m[1]) === 3 && Number(m[2]) >= 3))) {
    propose(
      d,
      'layers',
      true,
      `Spring Boot ${version ?? ''} supports -Djarmode=tools extract --layers: dependencies and the app ship as separate layers`,
    );
  } else if (m) {
    propose(d, 'layers', false, `Spring Boot ${version ?? ''} predates the tools jarmode (3.3): the jar is copied whole`);
    d.notes.push(`Spring Boot ${version ?? ''}: layered extraction needs 3.3 or newer (jarmode=tools); upgrade to use --set layers=true`);
  } else {
    propose(d, 'layers', false, 'the Spring Boot version is not written in the build files: the jar is copied whole');
    d.notes.push(
      'Spring Boot version not found in the build files: if it is 3.3 or newer, --set layers=true ships dependencies and the app as separate layers',
    );
  }
  const web = isWebApp(deps);
  propose(
    d,
    'server',
    web,
    web ? 'a Spring web starter is a dependency' : 'no Spring web starter among the dependencies: a run-to-completion app',
  );
  if (web && deps.includes('org.springframework.boot:spring-boot-starter-actuator')) {
    propose(d, 'healthcheckPath', '/actuator/health', 'spring-boot-starter-actuator serves /actuator/health');
  }
}

/** A plain (non-Boot) app: a server when a web library is a dependency or a main starts one; port from the code. */
export function plainServer(
  mains: ReadonlyArray<{ file: string; server: boolean; port?: number }>,
  deps: readonly string[],
  d: Findings,
): void {
  const serving = mains.find((m) => m.server);
  if (isWebApp(deps)) propose(d, 'server', true, 'a web server library is a dependency');
  else if (serving !== undefined) propose(d, 'server', true, `${serving.file} starts a server`);
  else if (mains.length > 0)
    propose(d, 'server', false, `no web library and ${mains.map((m) => m.file).join(', ')} starts no server: a run-to-completion app`);
  const withPort = mains.find((m) => m.port !== undefined);
  if (withPort?.port !== undefined && d.options['server'] !== false)
    propose(d, 'port', withPort.port, `${withPort.file} listens on ${withPort.port} (or falls back to it)`);
}

/** The main class a build file sets, else the only class with a main method, with the reason. */
export function mainClassOf(
  file: string,
  configured: string | undefined,
  mains: ReadonlyArray<{ file: string; className: string }>,
  sets = 'sets',
): { name: string; why: string } | undefined {
  if (configured !== undefined) return { name: configured, why: `${file} ${sets} mainClass ${configured}` };
  const only = mains.length === 1 ? mains[0] : undefined;
  return only && { name: only.className, why: `${only.file} is the one class with a main method` };
}
