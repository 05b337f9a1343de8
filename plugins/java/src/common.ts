import { evidence, type Findings, ignoredBy, type ProjectView, propose, proposeLabels, spdxOf, inDir } from '@dockstack/plugin-api';
import { DEFAULT_JAVA, featureRelease, OLDEST_JAVA, sdkmanJava } from './java-version.js';

/** Picks the Java version: the build file's, else .java-version, else .sdkmanrc, else the newest LTS. */
export async function javaVersion(p: ProjectView, fromBuild: { value: string; source: string } | undefined, d: Findings): Promise<void> {
  const file = (await p.readText('.java-version'))?.trim();
  const sdk = sdkmanJava((await p.readText('.sdkmanrc')) ?? '');
  const found =
    fromBuild ??
    (file ? { value: file, source: `.java-version says ${file}` } : undefined) ??
    (sdk === undefined ? undefined : { value: sdk, source: `.sdkmanrc says java=${sdk}` });
  const release = found === undefined ? undefined : featureRelease(found.value);
  if (found === undefined || release === undefined) {
    const why =
      found === undefined
        ? 'no Java version in the build files, .java-version or .sdkmanrc'
        : `${found.source}, which is not a Java release`;
    return propose(d, 'javaVersion', DEFAULT_JAVA, `${why}: the newest LTS, ${DEFAULT_JAVA}`);
  }
  evidence(d, found.source.split(' ')[0] ?? 'build', `Java ${release}`);
  if (release >= OLDEST_JAVA) return propose(d, 'javaVersion', String(release), found.source);
  propose(
    d,
    'javaVersion',
    String(OLDEST_JAVA),
    `${found.source}; Java ${release} is older than the stack supports, so JDK and JRE ${OLDEST_JAVA}`,
  );
  d.notes.push(
    `the build targets Java ${release}: the image builds with JDK ${OLDEST_JAVA} (your source/target settings still apply) and runs on a Java ${OLDEST_JAVA} runtime; check the app on it, or raise the target`,
  );
}

/** The image labels a build file gives: the project name, an SCM URL that is a plain https page, and the first license name with a known SPDX id (else the LICENSE file). */
export async function labels(
  p: ProjectView,
  d: Findings,
  file: string,
  name: [string | undefined, string],
  scm?: string,
  licenses: readonly string[] = [],
): Promise<void> {
  const license = licenses.find((l) => spdxOf(l) !== undefined);
  await proposeLabels(p, d, {
    appName: [name[0], `${name[1]} names the project ${name[0] ?? ''}`],
    sourceUrl: [scm?.replace(/^scm:git:/, '').replace(/\.git$/, ''), `${file} <scm><url>`],
    license: [license === undefined ? undefined : spdxOf(license), `${file} declares the ${license ?? ''} license`],
  });
}

/** Notes for keys and certificates in resources, which .dockerignore keeps out of the image. */
export async function ignoredResources(p: ProjectView, moduleDir: string, d: Findings): Promise<void> {
  const dir = inDir(moduleDir, 'src/main/resources');
  const hidden = (await p.list(dir))
    .filter((e) => e.kind === 'file' && ignoredBy(e.path, ['**/*.pem', '**/*.key']) !== undefined)
    .map((e) => e.path);
  if (hidden.length > 0)
    d.notes.push(
      `.dockerignore excludes keys and certificates (${hidden.join(', ')}), so they are not in the image: mount them at run time, or remove the **/*.pem and **/*.key lines if they are public`,
    );
}
