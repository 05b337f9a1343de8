import { flagValue, type Model } from '../model.js';
import { finding } from '../rules.js';
import { scopeAt } from '../scope.js';
import type { Finding } from '../types.js';
import { apkFindings, aptFindings } from './apt-apk.js';
import { jsPackageFindings, otherPackageFindings, pipFindings } from './lang-packages.js';
import { runContexts, shellAt, type RunContext } from './run-context.js';

const FORBIDDEN = new Map([
  ['ssh', 'ssh in a build step needs keys in the image'],
  ['vim', 'vim is interactive and has no place in a build'],
  ['shutdown', 'shutdown does nothing useful in a container build'],
  ['service', 'service starts daemons that do not survive the build step'],
]);

function setsPipefail(run: RunContext): boolean {
  return run.commands.some((c) => c[0] === 'set' && c.some((w, i) => /^-[a-zA-Z]*o$/.test(w) && c[i + 1] === 'pipefail'));
}

/** DS-30: a pipe hides failures of its left side unless pipefail is on. */
function pipes(model: Model, run: RunContext): Finding[] {
  if (!run.pipe) return [];
  const shell = shellAt(model, run.inst) ?? [];
  const viaShell = shell.some((w, i) => /^-[a-zA-Z]*o$/.test(w) && shell[i + 1] === 'pipefail');
  if (viaShell || setsPipefail(run)) return [];
  return [
    finding(
      'DS-30',
      run.inst.line,
      'This RUN pipes commands without pipefail, so a failure left of `|` is ignored.',
      'Add `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before it, or start the RUN with `set -o pipefail &&` where the shell supports it (bash, busybox ash).',
    ),
  ];
}

/** DS-37: sudo, cd, interactive tools; curl and wget together. */
function commandsUsed(runs: RunContext[]): Finding[] {
  const out: Finding[] = [];
  const firstUse = new Map<string, number>();
  for (const run of runs) {
    const line = run.inst.line;
    if (run.rawCommands.some((c) => c[0] === 'sudo'))
      out.push(
        finding(
          'DS-37',
          line,
          'sudo is unnecessary in a build (RUN already runs as the current USER) and adds a setuid binary.',
          'Drop sudo; switch with USER where needed.',
        ),
      );
    for (const c of run.commands) {
      const name = c[0] ?? '';
      if (name === 'cd')
        out.push(
          finding(
            'DS-37',
            line,
            '`cd` in RUN hides the working directory from readers and later instructions.',
            'Use WORKDIR, or absolute paths (e.g. `tar -C dir`).',
          ),
        );
      const why = FORBIDDEN.get(name);
      if (why) out.push(finding('DS-37', line, `${why}.`, 'Remove it from the RUN.'));
      if ((name === 'curl' || name === 'wget') && !firstUse.has(name)) firstUse.set(name, line);
    }
  }
  const curl = firstUse.get('curl');
  const wget = firstUse.get('wget');
  if (curl !== undefined && wget !== undefined)
    out.push(
      finding(
        'DS-37',
        Math.max(curl, wget),
        'The file uses both curl and wget, which means two download tools in the image.',
        'Pick one of them for every download.',
      ),
    );
  return out;
}

const VERIFY = (c: string[]): boolean =>
  (/^sha(?:1|224|256|384|512)sum$|^shasum$|^b2sum$/.test(c[0] ?? '') &&
    c.some((w) => w === '-c' || w === '--check' || /^-[a-z]*c$/.test(w))) ||
  ((c[0] === 'gpg' || c[0] === 'gpgv') && (c[0] === 'gpgv' || c.includes('--verify'))) ||
  (c[0] === 'cosign' && /^verify/.test(c[1] ?? '')) ||
  (c[0] === 'minisign' && c.includes('-V'));

/** DS-49: downloads are verified. */
function downloads(model: Model, runs: RunContext[]): Finding[] {
  const out: Finding[] = [];
  for (const run of runs) {
    const fetches = run.commands.some(
      (c) => (c[0] === 'curl' || c[0] === 'wget') && c.some((w) => /^(?:https?|ftp):\/\/(?!localhost\b|127\.0\.0\.1\b)/.test(w)),
    );
    if (fetches && !run.commands.some(VERIFY))
      out.push(
        finding(
          'DS-49',
          run.inst.line,
          'This RUN downloads a file without checking its checksum or signature.',
          'Verify it in the same RUN, e.g. `echo "<sha256>  file" | sha256sum -c -`.',
        ),
      );
  }
  for (const inst of model.insts) {
    if (inst.keyword !== 'ADD') continue;
    const remote = inst.args.some((a) => /^(?:https?|ftp):\/\//.test(a) && !/\.git(?:#.*)?$/.test(a));
    if (remote && flagValue(inst, 'checksum') === undefined)
      out.push(
        finding(
          'DS-49',
          inst.line,
          'ADD fetches a URL without --checksum, so any change upstream goes unnoticed.',
          'Add --checksum=sha256:<digest>.',
        ),
      );
  }
  return out;
}

/** DS-39: adjacent RUNs with the same flags. */
function consecutive(model: Model): Finding[] {
  const out: Finding[] = [];
  for (const stage of model.stages) {
    stage.insts.forEach((inst, i) => {
      const prev = stage.insts[i - 1];
      if (inst.keyword !== 'RUN' || prev?.keyword !== 'RUN') return;
      const flags = (x: typeof inst): string =>
        x.flags
          .map((f) => f.toString())
          .sort()
          .join(' ');
      if (flags(prev) === flags(inst))
        out.push(
          finding(
            'DS-39',
            inst.line,
            'Two consecutive RUNs with the same flags make two layers where one would do.',
            'Join them with `&&` in one RUN.',
          ),
        );
    });
  }
  return out;
}

/** Rules over RUN bodies: DS-30, DS-31, DS-33..DS-37, DS-39, DS-49. */
export function runFindings(model: Model): Finding[] {
  const runs = runContexts(model);
  const out: Finding[] = [];
  for (const run of runs) {
    out.push(...pipes(model, run), ...aptFindings(run), ...apkFindings(run), ...jsPackageFindings(run), ...otherPackageFindings(run));
    const hasPip = run.commands.some((c) => /^pip|^python/.test(c[0] ?? ''));
    if (hasPip) out.push(...pipFindings(run, scopeAt(model, run.inst, { baseImageEnv: false }).has('PIP_NO_CACHE_DIR')));
  }
  out.push(...commandsUsed(runs), ...downloads(model, runs), ...consecutive(model));
  return out;
}
