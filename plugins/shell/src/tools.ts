import { evidence, type Findings, type ProjectView } from '@dockstack/plugin-api';

/** Well-known commands Debian slim lacks, and the Debian package that ships each. */
export const COMMAND_PACKAGES: Readonly<Record<string, string>> = {
  curl: 'curl',
  wget: 'wget',
  jq: 'jq',
  socat: 'socat',
  nc: 'netcat-openbsd',
  netcat: 'netcat-openbsd',
  busybox: 'busybox',
  python3: 'python3',
  git: 'git',
  rsync: 'rsync',
  envsubst: 'gettext-base',
  openssl: 'openssl',
  ssh: 'openssh-client',
  scp: 'openssh-client',
  psql: 'postgresql-client',
  'redis-cli': 'redis-tools',
  xmllint: 'libxml2-utils',
  bc: 'bc',
  zip: 'zip',
  unzip: 'unzip',
  gpg: 'gpg',
  ps: 'procps',
  ping: 'iputils-ping',
};

/** Packages whose HTTPS use needs the CA bundle (installed without recommends, they do not pull it in). */
const NEEDS_CA = new Set(['curl', 'wget', 'git', 'openssl']);

const PACKAGE = /^[a-z0-9][a-z0-9+.-]{1,62}$/;

/** Package names of an Aptfile (Heroku's apt buildpack format: one a line, `#` comments); other lines are noted. */
export function parseAptfile(text: string, notes: string[]): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    if (PACKAGE.test(line)) out.push(line);
    else
      notes.push(
        `Aptfile line "${line.slice(0, 60)}" is not a Debian package name (URLs and :repo lines are not supported): install it yourself`,
      );
  }
  return out;
}

/** Commands the script calls at a command position (line start, after `|`, `&&`, `;`, `$(`, `exec`, `then`, `do`). */
export function calledCommands(text: string): string[] {
  const found = new Set<string>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '');
    const re = /(?<=^|[|;&(`]|\$\(|\bexec\s|\bthen\s|\bdo\s|\belse\s|!\s)\s*([A-Za-z][A-Za-z0-9_-]*)(?=\s|$|;|\))/g;
    for (const m of line.matchAll(re)) if (m[1] !== undefined && COMMAND_PACKAGES[m[1]] !== undefined) found.add(m[1]);
  }
  return [...found].sort();
}

/** The packages the script needs: the Aptfile's, then those of called commands it does not declare, then the CA bundle. */
export async function declaredPackages(
  p: ProjectView,
  script: { path: string; text: string },
  f: Findings,
): Promise<{ packages: string[]; why: string }> {
  const packages: string[] = [];
  const why: string[] = [];
  const aptfile = await p.readText('Aptfile');
  if (aptfile !== undefined) {
    const declared = parseAptfile(aptfile, f.notes);
    packages.push(...declared);
    evidence(f, 'Aptfile', declared.length > 0 ? `declares ${declared.join(', ')}` : 'declares no package');
    if (declared.length > 0) why.push(`Aptfile declares ${declared.join(', ')}`);
  }
  const inferred = calledCommands(script.text)
    .map((c) => ({ c, pkg: COMMAND_PACKAGES[c] as string }))
    .filter(({ pkg }) => !packages.includes(pkg));
  for (const { c, pkg } of inferred) {
    if (!packages.includes(pkg)) packages.push(pkg);
    evidence(f, script.path, `calls ${c} (Debian package ${pkg})`);
  }
  if (inferred.length > 0) {
    why.push(`${script.path} calls ${inferred.map((i) => i.c).join(', ')}`);
    f.notes.push(
      `${script.path} calls ${inferred.map((i) => i.c).join(', ')}, which Debian slim lacks: added ${[...new Set(inferred.map((i) => i.pkg))].join(', ')}; declare them in an Aptfile to make that explicit`,
    );
  }
  if (packages.some((x) => NEEDS_CA.has(x)) && !packages.includes('ca-certificates')) {
    packages.push('ca-certificates');
    why.push('ca-certificates for HTTPS (installed without recommends, curl, wget, git and openssl do not pull it in)');
  }
  return { packages, why: why.join('; ') };
}
