import { evidence, type Findings, type ProjectView, propose } from '@dockstack/plugin-api';
import { plainServer } from './app-kind.js';
import { findMains, MAX_SOURCES, type MainSource } from './sources.js';

/** Source roots tried in order for a project without a build tool. */
const ROOTS = ['src/main/java', 'src', '.'];

/** A project without Maven or Gradle: .java sources with exactly one preferred main class. */
export async function detectJavac(p: ProjectView, d: Findings): Promise<boolean> {
  for (const dir of ROOTS) {
    if (dir !== '.' && !(await p.exists(dir))) continue;
    const scan = await findMains(p, dir);
    if (scan.mains.length === 0) continue;
    propose(
      d,
      'buildTool',
      'javac',
      `no pom.xml or build.gradle, but ${scan.mains[0]?.file ?? ''} has a main method: javac and jar build it`,
    );
    propose(d, 'sourceDir', dir, `the .java sources are under ${dir === '.' ? 'the project root' : dir}`);
    const main = pickMain(scan.mains);
    propose(
      d,
      'mainClass',
      main.className,
      scan.mains.length === 1
        ? `${main.file} declares the only main method`
        : `${main.file} starts a server (of ${scan.mains.length} classes with a main method)`,
    );
    if (scan.mains.length > 1)
      d.notes.push(
        `main methods in ${scan.mains.map((m) => m.className).join(', ')}: ${main.className} chosen; --set mainClass=... for another`,
      );
    if (scan.truncated) d.notes.push(`more than ${MAX_SOURCES} .java files: the scan stopped early`);
    evidence(d, main.file, `main class ${main.className}`);
    plainServer([main], [], d);
    if (await p.exists(`${dir === '.' ? '' : `${dir}/`}resources`))
      d.notes.push('javac builds only compile .java files: resources are not packed into the jar; use Maven or Gradle for them');
    return true;
  }
  return false;
}

function pickMain(mains: MainSource[]): MainSource {
  return (
    mains.find((m) => m.server) ?? mains.find((m) => /(^|\.)(Main|App|Application|Server)$/.test(m.className)) ?? (mains[0] as MainSource)
  );
}
