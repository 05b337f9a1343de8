import type { Env } from 'dockerfile-ast';
import { stageChain, type Model } from '../model.js';
import { finding } from '../rules.js';
import { argsOf, expandIn, scopeAt } from '../scope.js';
import type { Finding } from '../types.js';

/** Base image variables known to hold a numeric non-root uid (the .NET images' APP_UID). */
const NUMERIC_USER_VARS = new Set(['APP_UID']);

/** DS-40: the final stage ends as a numeric, non-root user. */
function finalUser(model: Model): Finding[] {
  const final = model.stages[model.stages.length - 1];
  if (!final) return [];
  const users = stageChain(model, final.index).flatMap((s) => {
    const own = s.insts.filter((i) => i.keyword === 'USER');
    return own.length > 0 ? [own[own.length - 1]] : [];
  });
  const last = users[0];
  if (!last)
    return [
      finding(
        'DS-40',
        final.from.line,
        'The final stage sets no USER, so the container runs as root.',
        "Add `USER 10001:10001` (or the image's built-in uid) at the end of the final stage.",
      ),
    ];
  const raw = last.args.join(' ');
  const direct = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(raw);
  if (direct && NUMERIC_USER_VARS.has(direct[1] ?? '') && !scopeAt(model, last, { baseImageEnv: false }).has(direct[1] ?? '')) return [];
  const value = raw.includes('$') ? expandIn(model, raw, scopeAt(model, last)) : raw;
  if (value === undefined)
    return [
      finding(
        'DS-40',
        last.line,
        `USER ${raw} cannot be resolved here, so whether it is root is unknown.`,
        'Use a literal numeric UID:GID such as 10001:10001.',
      ),
    ];
  const [uid = '', gid] = value.split(':');
  if (uid === 'root' || uid === '0')
    return [
      finding(
        'DS-40',
        last.line,
        `The final stage runs as root (USER ${value}).`,
        'Switch to an unprivileged numeric user, e.g. USER 10001:10001.',
      ),
    ];
  if (!/^\d+$/.test(uid) || (gid !== undefined && !/^\d+$/.test(gid))) {
    return [
      finding(
        'DS-40',
        last.line,
        `USER ${value} is not a numeric UID:GID, so Kubernetes runAsNonRoot cannot verify it is not root.`,
        'Use the numeric ids, e.g. USER 1000:1000.',
      ),
    ];
  }
  if (gid === undefined)
    return [
      finding(
        'DS-40',
        last.line,
        `USER ${value} names no group, so the process may run with the root group (gid 0).`,
        `Write USER ${uid}:${uid} (or the right gid).`,
      ),
    ];
  return [];
}

const SECRET = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const ALLOWED = /(?:_|^)public(?:_|$)/i;

/** DS-42: secret-looking ARG and ENV names. */
function secrets(model: Model): Finding[] {
  const out: Finding[] = [];
  for (const inst of model.insts) {
    const names =
      inst.keyword === 'ARG'
        ? argsOf(inst).map((a) => a.name)
        : inst.keyword === 'ENV'
          ? (inst.node as Env).getProperties().map((p) => p.getName())
          : [];
    for (const name of names) {
      if (SECRET.test(name) && !ALLOWED.test(name))
        out.push(
          finding(
            'DS-42',
            inst.line,
            `${inst.keyword} ${name} looks like a secret, and ${inst.keyword} values stay in the image history.`,
            'Pass it with `RUN --mount=type=secret,id=...` (docker build --secret) instead.',
          ),
        );
    }
  }
  return out;
}

/** DS-44: something to run. */
function command(model: Model): Finding[] {
  const final = model.stages[model.stages.length - 1];
  if (!final) return [];
  const has = stageChain(model, final.index).some((s) => s.insts.some((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT'));
  return has
    ? []
    : [
        finding(
          'DS-44',
          final.from.line,
          'The final stage has no CMD or ENTRYPOINT of its own or from its stages, so what runs depends on the base image.',
          'Add an exec-form CMD (and ENTRYPOINT if needed) to the final stage.',
        ),
      ];
}

/** DS-40, DS-42, DS-44. */
export function runtimeFindings(model: Model): Finding[] {
  return [...finalUser(model), ...secrets(model), ...command(model)];
}
