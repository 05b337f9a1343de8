import { type Findings, licenseFile, type ProjectView, propose, spdxOf } from '@dockstack/plugin-api';
import { DEFAULT_JAVA, featureRelease, OLDEST_JAVA, sdkmanJava } from './java-version.js';

const APP_NAME = /^[A-Za-z0-9@][A-Za-z0-9@._/-]{0,127}$/;

/** Picks the Java version: the build file's, else .java-version, else .sdkmanrc, else the newest LTS. */
export async function javaVersion(p: ProjectView, fromBuild: { value: string; source: string } | undefined, d: Findings): Promise<void> {
  let found = fromBuild;
  if (found === undefined) {
    const file = (await p.readText('.java-version'))?.trim();
    if (file) found = { value: file, source: `.java-version says ${file}` };
  }
  if (found === undefined) {
    const sdk = sdkmanJava((await p.readText('.sdkmanrc')) ?? '');
    if (sdk !== undefined) found = { value: sdk, source: `.sdkmanrc says java=${sdk}` };
  }
  const release = found === undefined ? undefined : featureRelease(found.value);
  if (found === undefined || release === undefined) {
    propose(
      d,
      'javaVersion',
      DEFAULT_JAVA,
      found === undefined
        ? `no Java version in the build files, .java-version or .sdkmanrc: the newest LTS, ${DEFAULT_JAVA}`
        : `${found.source}, which is not a Java release: the newest LTS, ${DEFAULT_JAVA}`,
    );
    return;
  }
  d.reasons.push({ file: found.source.split(' ')[0] ?? 'build', says: `Java ${release}` });
  if (release < OLDEST_JAVA) {
    propose(
      d,
      'javaVersion',
      String(OLDEST_JAVA),
      `${found.source}; Java ${release} is older than the stack supports, so JDK and JRE ${OLDEST_JAVA}`,
    );
    d.notes.push(
      `the build targets Java ${release}: the image builds with JDK ${OLDEST_JAVA} (your source/target settings still apply) and runs on a Java ${OLDEST_JAVA} runtime; check the app on it, or raise the target`,
    );
    return;
  }
  propose(d, 'javaVersion', String(release), found.source);
}

/** The OCI title from the artifact or project name. */
export function appName(name: string | undefined, source: string, d: Findings): void {
  if (name !== undefined && APP_NAME.test(name)) propose(d, 'appName', name, `${source} names the project ${name}`);
}

/** License from the build file's names, else the LICENSE file. */
export async function license(p: ProjectView, names: readonly string[], source: string, d: Findings): Promise<void> {
  for (const name of names) {
    const spdx = spdxOf(name);
    if (spdx !== undefined) {
      propose(d, 'license', spdx, `${source} declares the ${name} license`);
      return;
    }
  }
  const file = await licenseFile(p);
  if (file !== undefined) {
    propose(d, 'license', file.spdx, `${file.file} reads as ${file.spdx}`);
    d.reasons.push({ file: file.file, says: file.spdx });
  }
}

/** A source URL for the label, from an SCM URL that is a plain https page. */
export function sourceUrl(url: string | undefined, source: string, d: Findings): void {
  const clean = url?.replace(/^scm:git:/, '').replace(/\.git$/, '');
  if (clean !== undefined && /^https?:\/\/[A-Za-z0-9._~:/?#@!&*+,=%-]+$/.test(clean) && clean.length <= 300)
    propose(d, 'sourceUrl', clean, `${source} <scm><url>`);
}

/** Notes for keys and certificates in resources, which .dockerignore keeps out of the image. */
export async function ignoredResources(p: ProjectView, moduleDir: string, d: Findings): Promise<void> {
  const dir = `${moduleDir === '' ? '' : `${moduleDir}/`}src/main/resources`;
  const hidden = (await p.list(dir)).filter((e) => e.kind === 'file' && /\.(pem|key)$/.test(e.name)).map((e) => e.path);
  if (hidden.length > 0)
    d.notes.push(
      `.dockerignore excludes keys and certificates (${hidden.join(', ')}), so they are not in the image: mount them at run time, or remove the **/*.pem and **/*.key lines if they are public`,
    );
}
