import { stageChain, type Inst, type Model } from '../model.js';
import { finding } from '../rules.js';
import { expandIn, scopeAt } from '../scope.js';
import { isExecForm } from '../shell-body.js';
import type { Finding } from '../types.js';

const isAbsolute = (p: string): boolean => p.startsWith('/') || p.startsWith('$') || /^[A-Za-z]:[\\/]/.test(p);

/** Sources and destination of COPY/ADD (exec or shell form, heredocs counted as sources). */
export function copyOperands(inst: Inst): { sources: string[]; dest: string | undefined } {
  let words = inst.args;
  const text = words.join(' ').trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) words = parsed.map(String);
    } catch {
      /* DS-09 reports it */
    }
  }
  return { sources: words.slice(0, -1), dest: words[words.length - 1] };
}

/** DS-21, DS-22: exec form and one CMD/ENTRYPOINT/HEALTHCHECK per stage. */
function runtimeForm(model: Model, out: Finding[]): void {
  for (const stage of model.stages) {
    const counts = new Map<string, Inst[]>();
    for (const inst of stage.insts) {
      if (inst.keyword === 'CMD' || inst.keyword === 'ENTRYPOINT') {
        const text = inst.args.join(' ').trim();
        if (!isExecForm(inst) && !text.startsWith('[')) {
          out.push(
            finding(
              'DS-21',
              inst.line,
              `${inst.keyword} in shell form runs under /bin/sh -c, which does not forward SIGTERM to the app.`,
              `Use exec form: ${inst.keyword} ["executable", "arg"].`,
            ),
          );
        }
      }
      if (['CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(inst.keyword))
        counts.set(inst.keyword, [...(counts.get(inst.keyword) ?? []), inst]);
    }
    for (const [keyword, list] of counts) {
      for (const extra of list.slice(0, -1))
        out.push(
          finding(
            'DS-22',
            extra.line,
            `Only the last ${keyword} of a stage takes effect; this one is dead code.`,
            `Remove it or merge it into the last ${keyword}.`,
          ),
        );
    }
  }
}

/** DS-23..DS-26: WORKDIR and COPY/ADD shapes. */
function paths(model: Model, out: Finding[]): void {
  for (const stage of model.stages) {
    const chain = stageChain(model, stage.index);
    let workdir = chain.slice(1).some((s) => s.insts.some((i) => i.keyword === 'WORKDIR'));
    for (const inst of stage.insts) {
      if (inst.keyword === 'WORKDIR') {
        workdir = true;
        const dir = inst.args[0] ?? '';
        if (!isAbsolute(dir))
          out.push(
            finding(
              'DS-23',
              inst.line,
              `WORKDIR ${dir} is relative, so it depends on every WORKDIR before it.`,
              'Use an absolute path such as /app.',
            ),
          );
      }
      if (inst.keyword !== 'COPY' && inst.keyword !== 'ADD') continue;
      const { sources, dest } = copyOperands(inst);
      if (dest === undefined) continue;
      if (!workdir && !isAbsolute(dest))
        out.push(
          finding(
            'DS-24',
            inst.line,
            `The destination ${dest} is relative but no WORKDIR is set, so it lands in / or wherever the base image left off.`,
            'Set WORKDIR first or use an absolute destination.',
          ),
        );
      if (sources.length > 1 && !dest.endsWith('/'))
        out.push(
          finding(
            'DS-25',
            inst.line,
            `${inst.keyword} has ${sources.length} sources but the destination ${dest} does not end with /.`,
            `Write ${dest}/ so it is a directory.`,
          ),
        );
      if (inst.keyword === 'ADD' && inst.heredocs.length === 0) {
        for (const src of sources) {
          const remote = /^(?:https?:\/\/|git@|git:\/\/|ssh:\/\/)/.test(src);
          const archive = /\.(?:tar|tgz|tbz2?|txz|tzst|tar\.(?:gz|bz2|xz|zst))$/i.test(src);
          if (!remote && !archive)
            out.push(
              finding(
                'DS-26',
                inst.line,
                `ADD ${src} copies a local file; ADD also extracts archives and fetches URLs, so its effect is less obvious than COPY.`,
                `Use COPY ${src} ${dest}.`,
              ),
            );
        }
      }
    }
  }
}

const SIGNALS = new Set([
  'HUP',
  'INT',
  'QUIT',
  'ILL',
  'TRAP',
  'ABRT',
  'IOT',
  'BUS',
  'FPE',
  'KILL',
  'USR1',
  'SEGV',
  'USR2',
  'PIPE',
  'ALRM',
  'TERM',
  'STKFLT',
  'CHLD',
  'CONT',
  'STOP',
  'TSTP',
  'TTIN',
  'TTOU',
  'URG',
  'XCPU',
  'XFSZ',
  'VTALRM',
  'PROF',
  'WINCH',
  'IO',
  'POLL',
  'PWR',
  'SYS',
]);

function validSignal(sig: string): boolean {
  if (/^\d+$/.test(sig)) return Number(sig) >= 1 && Number(sig) <= 64;
  const name = sig.toUpperCase().replace(/^SIG/, '');
  if (SIGNALS.has(name)) return true;
  const rt = /^RT(MIN|MAX)(?:([+-])(\d+))?$/.exec(name);
  return rt !== null && Number(rt[3] ?? 0) <= 30;
}

/** DS-27, DS-29: EXPOSE and STOPSIGNAL values (after expanding known variables). */
function values(model: Model, out: Finding[]): void {
  for (const inst of model.insts) {
    if (inst.keyword === 'EXPOSE') {
      for (const raw of inst.args) {
        const value = raw.includes('$') ? expandIn(model, raw, scopeAt(model, inst)) : raw;
        if (value === undefined) continue;
        if (value.includes(':')) {
          out.push(
            finding(
              'DS-27',
              inst.line,
              `EXPOSE ${value} maps a host port; EXPOSE only documents container ports.`,
              'Expose the container port alone and map it with `docker run -p`.',
            ),
          );
          continue;
        }
        const m = /^(\d+)(?:-(\d+))?(?:\/(\w+))?$/.exec(value);
        if (!m) {
          out.push(finding('DS-27', inst.line, `EXPOSE ${value} is not a port.`, 'Write a number such as 8080 or 8080/tcp.'));
          continue;
        }
        const bad = [m[1], m[2]].some((p) => p !== undefined && Number(p) > 65535);
        if (bad) out.push(finding('DS-27', inst.line, `EXPOSE ${value} is outside 0-65535.`, 'Use a valid port number.'));
        const proto = m[3];
        if (proto !== undefined && !['tcp', 'udp', 'sctp'].includes(proto))
          out.push(
            finding(
              'DS-27',
              inst.line,
              `EXPOSE ${value} has protocol "${proto}"; only lowercase tcp, udp and sctp are valid.`,
              `Write ${m[1]}/${proto.toLowerCase()}.`,
            ),
          );
      }
    }
    if (inst.keyword === 'STOPSIGNAL') {
      const raw = inst.args[0] ?? '';
      const sig = raw.includes('$') ? expandIn(model, raw, scopeAt(model, inst)) : raw;
      if (sig !== undefined && !validSignal(sig))
        out.push(
          finding(
            'DS-29',
            inst.line,
            `STOPSIGNAL ${sig} is not a signal, so the container fails when it is stopped.`,
            'Use a name such as SIGTERM or SIGQUIT, or a number.',
          ),
        );
    }
  }
}

/** DS-21..DS-27 and DS-29. */
export function formFindings(model: Model): Finding[] {
  const out: Finding[] = [];
  runtimeForm(model, out);
  paths(model, out);
  values(model, out);
  return out;
}
