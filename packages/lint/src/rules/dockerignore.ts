import dockerignoreModule from '@balena/dockerignore';
import { flagValue, mounts, type Inst, type Model } from '../model.js';
import { finding } from '../rules.js';
import { expandIn, scopeAt } from '../scope.js';
import type { Finding } from '../types.js';
import { copyOperands } from './form.js';

/** Paths that must never reach the build context, with a sample name that each pattern must catch. */
const MUST_EXCLUDE: Array<[string, string]> = [
  ['.git', '.git'],
  ['.env', '.env'],
  ['.env.*', '.env.production'],
  ['*.pem', 'server.pem'],
  ['*.key', 'server.key'],
  ['id_rsa*', 'id_rsa'],
];

/** Context paths an instruction reads: COPY/ADD sources (no --from, URL or heredoc) and bind-mount sources. */
function contextSources(model: Model, inst: Inst): string[] {
  const raw: string[] = [];
  if ((inst.keyword === 'COPY' || inst.keyword === 'ADD') && flagValue(inst, 'from') === undefined) {
    raw.push(
      ...copyOperands(inst).sources.filter((s) => !s.startsWith('<<') && !/^[a-z][a-z0-9+.-]*:\/\//i.test(s) && !s.startsWith('git@')),
    );
  }
  if (inst.keyword === 'RUN') {
    for (const m of mounts(inst)) {
      if ((m.get('type') ?? 'bind') === 'bind' && !m.has('from')) raw.push(m.get('source') ?? m.get('src') ?? '.');
    }
  }
  return raw.map((s) => {
    const value = s.includes('$') ? expandIn(model, s, scopeAt(model, inst)) : s;
    return value === undefined
      ? ''
      : value
          .replace(/^\.?\/+/, '')
          .replace(/^\.$/, '')
          .replace(/\/+$/, '');
  });
}

/**
 * DS-43: when the build reads the context, a .dockerignore exists, excludes secrets, and excludes
 * nothing the build copies. BuildKit only transfers what is read, so a build that reads nothing is fine.
 */
export function dockerignoreFindings(model: Model, dockerignore: string | undefined): Finding[] {
  const users = model.insts.map((inst) => ({ inst, sources: contextSources(model, inst) })).filter((u) => u.sources.length > 0);
  const firstUse = users[0]?.inst.line;
  if (dockerignore === undefined) {
    return firstUse === undefined
      ? []
      : [
          finding(
            'DS-43',
            firstUse,
            'The build reads the context but there is no .dockerignore, so .git, .env files and keys are sent to the builder and may be copied in.',
            'Add a .dockerignore beside the Dockerfile that excludes .git, .env*, *.pem, *.key, id_rsa* and build output.',
          ),
        ];
  }
  if (firstUse === undefined) return [];
  const out: Finding[] = [];
  // A CommonJS module whose typings declare a default export: the factory is `.default` here.
  const ig = dockerignoreModule.default().add(dockerignore.split(/\r?\n/));
  const missing = MUST_EXCLUDE.filter(([, sample]) => !ig.ignores(sample)).map(([pattern]) => pattern);
  if (missing.length > 0)
    out.push(
      finding(
        'DS-43',
        firstUse,
        `.dockerignore does not exclude ${missing.join(', ')}, so secrets or history can reach the image.`,
        `Add ${missing.join(', ')} to .dockerignore.`,
      ),
    );
  for (const { inst, sources } of users) {
    for (const src of sources) {
      if (src !== '' && ig.ignores(src))
        out.push(
          finding(
            'DS-43',
            inst.line,
            `${inst.keyword === 'RUN' ? 'The bind mount source' : 'The source'} "${src}" is excluded by .dockerignore, so the build fails or silently misses it.`,
            `Remove the matching pattern from .dockerignore (or add !${src}), or stop using it here.`,
          ),
        );
    }
  }
  return out;
}
