import { finding } from '../rules.js';
import type { Finding } from '../types.js';
import { positionals, subcommand, type RunContext } from './run-context.js';

const PIP_VALUED = [
  '-r',
  '--requirement',
  '-c',
  '--constraint',
  '-e',
  '--editable',
  '-i',
  '--index-url',
  '--extra-index-url',
  '-f',
  '--find-links',
  '-t',
  '--target',
  '--prefix',
  '--root',
  '--src',
  '--platform',
  '--python-version',
  '--implementation',
  '--abi',
  '--only-binary',
  '--no-binary',
  '--progress-bar',
  '--trusted-host',
  '--cache-dir',
  '--upgrade-strategy',
  '--report',
  '--config-settings',
  '-C',
];
/** pip's general options that take a value (they may come before the subcommand). */
const PIP_GLOBAL_VALUED = [
  '--python',
  '--log',
  '--proxy',
  '--retries',
  '--timeout',
  '--exists-action',
  '--cert',
  '--client-cert',
  '--cache-dir',
  '--use-feature',
  '--use-deprecated',
];
const LOCAL = (w: string): boolean =>
  /^[./~$]/.test(w) || w.includes('/') || /\.(?:whl|tar\.gz|zip|tgz)$/.test(w) || /^(?:file|git\+[a-z]+):/.test(w);

function pipInstalls(run: RunContext): string[][] {
  const out: string[][] = [];
  for (const c of run.commands) {
    let args: string[] | undefined;
    if (/^pip(?:\d+(?:\.\d+)?)?$/.test(c[0] ?? '')) args = c;
    else if (/^python(?:\d+(?:\.\d+)?)?$/.test(c[0] ?? '')) {
      const m = c.indexOf('-m');
      if (m >= 0 && c[m + 1] === 'pip') args = c.slice(m + 1);
    }
    if (!args) continue;
    const { sub, rest } = subcommand(args, PIP_GLOBAL_VALUED);
    if (sub === 'install') out.push(rest);
  }
  return out;
}

/** DS-34 on one RUN. `pipNoCache` is true when PIP_NO_CACHE_DIR is set in the stage. */
export function pipFindings(run: RunContext, pipNoCache: boolean): Finding[] {
  const out: Finding[] = [];
  const cached = run.caches.some((c) => c.target.endsWith('/.cache/pip'));
  for (const args of pipInstalls(run)) {
    if (!cached && !pipNoCache && !args.includes('--no-cache-dir'))
      out.push(
        finding(
          'DS-34',
          run.inst.line,
          'pip install keeps its download cache in the layer.',
          'Add --no-cache-dir, or a cache mount on /root/.cache/pip.',
        ),
      );
    const loose = positionals(args, PIP_VALUED).filter((w) => !LOCAL(w) && !/^[A-Za-z0-9._-]+(?:\[[^\]]*\])?===?[^=<>~!]+$/.test(w));
    if (loose.length > 0)
      out.push(
        finding(
          'DS-34',
          run.inst.line,
          `pip install ${loose.join(' ')} takes whatever version is newest at build time.`,
          'Install from a requirements or lock file (-r requirements.txt), or pin pkg==version.',
        ),
      );
  }
  return out;
}

const NPM_VALUED = [
  '--omit',
  '--include',
  '--prefix',
  '--registry',
  '--cache',
  '--workspace',
  '-w',
  '--tag',
  '--install-strategy',
  '--loglevel',
  '--userconfig',
  '--location',
  '--before',
];
const PINNED_NPM = (w: string): boolean => LOCAL(w) || (/^(?:@[^/@]+\/)?[^@/]+@[^@]+$/.test(w) && !/@(?:latest|next)$/.test(w));

function npmFindings(run: RunContext, c: string[]): Finding[] {
  const { sub, rest } = subcommand(c, NPM_VALUED);
  if (!['install', 'i', 'in', 'add', 'isntall'].includes(sub ?? '')) return [];
  const pkgs = positionals(rest, NPM_VALUED);
  const line = run.inst.line;
  if (pkgs.length === 0) {
    if (rest.includes('--no-package-lock') || rest.includes('--package-lock=false')) return [];
    return [
      finding(
        'DS-35',
        line,
        'npm install may rewrite the lockfile and install other versions than it records.',
        'Use `npm ci` (or `npm install --no-package-lock` when the project has no lockfile).',
      ),
    ];
  }
  const loose = pkgs.filter((p) => !PINNED_NPM(p));
  return loose.length === 0
    ? []
    : [
        finding(
          'DS-35',
          line,
          `npm install ${loose.join(' ')} installs whatever version is newest at build time.`,
          'Pin each package: name@version.',
        ),
      ];
}

function yarnPnpmFindings(run: RunContext, c: string[], all: string[][]): Finding[] {
  const tool = c[0] ?? '';
  const { sub, rest } = subcommand(c);
  const line = run.inst.line;
  if (sub === 'add' || (sub === 'global' && rest[0] === 'add'))
    return [
      finding(
        'DS-35',
        line,
        `${tool} add changes package.json and the lockfile during the build.`,
        'Declare the dependency in package.json and install from the lockfile.',
      ),
    ];
  const installs = sub === undefined || sub === 'install' || sub === 'i' || (sub === 'workspaces' && rest[0] === 'focus');
  if (!installs || (tool === 'pnpm' && sub === undefined)) return [];
  const out: Finding[] = [];
  const explicit = ['--frozen-lockfile', '--immutable', '--no-lockfile', '--no-immutable', '--no-frozen-lockfile'];
  if (sub !== 'workspaces' && !c.some((w) => explicit.includes(w)))
    out.push(
      finding(
        'DS-35',
        line,
        `${tool} install may update the lockfile instead of failing when it is out of date.`,
        tool === 'pnpm' ? 'Add --frozen-lockfile.' : 'Add --frozen-lockfile (yarn 1) or --immutable (yarn 2+).',
      ),
    );
  const cleans = all.some((o) => o[0] === tool && ((o[1] === 'cache' && o[2] === 'clean') || (o[1] === 'store' && o[2] === 'prune')));
  if (run.caches.length === 0 && !cleans)
    out.push(
      finding(
        'DS-35',
        line,
        `${tool}'s package cache stays in the layer.`,
        tool === 'pnpm'
          ? 'Use a cache mount on the pnpm store, or `pnpm store prune`.'
          : 'Use a cache mount on the yarn cache folder, or `yarn cache clean`.',
      ),
    );
  return out;
}

/** DS-35 on one RUN. */
export function jsPackageFindings(run: RunContext): Finding[] {
  return run.commands.flatMap((c) =>
    c[0] === 'npm' ? npmFindings(run, c) : c[0] === 'yarn' || c[0] === 'pnpm' ? yarnPnpmFindings(run, c, run.commands) : [],
  );
}

/** DS-36 on one RUN: gem, go install, yum/dnf/microdnf/zypper. */
export function otherPackageFindings(run: RunContext): Finding[] {
  const out: Finding[] = [];
  const line = run.inst.line;
  for (const c of run.commands) {
    const { sub, rest } = subcommand(c, [
      '-v',
      '--version',
      '-i',
      '--install-dir',
      '-n',
      '--bindir',
      '--root',
      '--releasever',
      '--installroot',
    ]);
    if (c[0] === 'gem' && sub === 'install' && !c.includes('-v') && !c.includes('--version')) {
      const loose = positionals(rest, ['-v', '--version', '-i', '--install-dir', '-n', '--bindir']).filter(
        (g) => !g.includes(':') && !LOCAL(g),
      );
      if (loose.length > 0)
        out.push(
          finding(
            'DS-36',
            line,
            `gem install ${loose.join(' ')} takes the newest version at build time.`,
            'Pin it: gem install name:version (or -v version).',
          ),
        );
    }
    if (c[0] === 'go' && sub === 'install') {
      const loose = positionals(rest).filter(
        (p) => !/^[./]/.test(p) && (p.split('/')[0] ?? '').includes('.') && (!p.includes('@') || p.endsWith('@latest')),
      );
      if (loose.length > 0) out.push(finding('DS-36', line, `go install ${loose.join(' ')} does not pin a version.`, 'Append @vX.Y.Z.'));
    }
    const rpm = ['yum', 'dnf', 'microdnf'].includes(c[0] ?? '');
    if ((rpm && sub === 'install') || (c[0] === 'zypper' && (sub === 'install' || sub === 'in'))) {
      const yes = rpm
        ? c.some((w) => w === '-y' || w === '--assumeyes')
        : c.some((w) => ['-n', '--non-interactive', '-y', '--no-confirm'].includes(w));
      if (!yes)
        out.push(
          finding(
            'DS-36',
            line,
            `${c[0]} install without a non-interactive flag waits for a confirmation.`,
            rpm ? 'Add -y.' : 'Use zypper -n install.',
          ),
        );
      const cleaned =
        run.commands.some((o) => o[0] === c[0] && (o[1] === 'clean' || o[1] === 'cc')) ||
        run.commands.some((o) => o[0] === 'rm' && o.some((w) => /^\/var\/cache\/(?:yum|dnf|libdnf5|zypp)/.test(w)));
      const cached = run.caches.some((m) => /^\/var\/cache\/(?:yum|dnf|libdnf5|zypp)/.test(m.target));
      if (!cleaned && !cached)
        out.push(
          finding(
            'DS-36',
            line,
            `${c[0]}'s package cache stays in the layer.`,
            rpm
              ? `End the RUN with \`${c[0]} clean all\`, or use a cache mount.`
              : 'End the RUN with `zypper clean`, or use a cache mount.',
          ),
        );
    }
  }
  return out;
}
