import { finding } from '../rules.js';
import type { Finding } from '../types.js';
import { subcommand, type RunContext } from './run-context.js';

const APT_VALUED = ['-o', '-c', '-t', '--option', '--config-file', '--target-release'];
const YES = (w: string): boolean => w === '--yes' || w === '--assume-yes' || /^-[a-zA-Z]*y[a-zA-Z]*$/.test(w);
const NO_RECOMMENDS = (words: string[]): boolean =>
  words.includes('--no-install-recommends') ||
  words.some((w, i) => /APT::Install-Recommends=(?:false|0)/i.test(w) && (words[i - 1] === '-o' || w.startsWith('-o')));

/** DS-31 on one RUN. */
export function aptFindings(run: RunContext): Finding[] {
  const out: Finding[] = [];
  const line = run.inst.line;
  const apt = run.commands.filter((c) => c[0] === 'apt-get' || c[0] === 'apt');
  if (apt.length === 0) return out;
  if (apt.some((c) => c[0] === 'apt'))
    out.push(finding('DS-31', line, '`apt` is meant for people; its output and options are not stable for scripts.', 'Use apt-get.'));
  const subs = apt.map((c) => ({ words: c, sub: subcommand(c, APT_VALUED).sub }));
  const installs = subs.filter((s) => s.sub === 'install');
  const updates = subs.filter((s) => s.sub === 'update');
  if (installs.length === 0) {
    if (updates.length > 0)
      out.push(
        finding(
          'DS-31',
          line,
          'apt-get update alone makes a layer whose package index goes stale and is later reused from cache.',
          'Run apt-get update and apt-get install in the same RUN.',
        ),
      );
    return out;
  }
  if (updates.length === 0)
    out.push(
      finding(
        'DS-31',
        line,
        'apt-get install runs without apt-get update in the same RUN, so it uses a stale or missing package index.',
        'Prefix it with `apt-get update &&`.',
      ),
    );
  for (const { words } of installs) {
    if (!words.some(YES))
      out.push(finding('DS-31', line, 'apt-get install without -y waits for a confirmation no one can give.', 'Add -y.'));
    if (!NO_RECOMMENDS(words))
      out.push(
        finding('DS-31', line, 'apt-get install pulls recommended packages the image does not need.', 'Add --no-install-recommends.'),
      );
  }
  const removesLists = run.commands.some((c) => c[0] === 'rm' && c.some((w) => w.startsWith('/var/lib/apt/lists')));
  const cacheApt = run.caches.filter((c) => c.target === '/var/cache/apt' || c.target === '/var/lib/apt');
  const mounted = cacheApt.some((c) => c.target === '/var/cache/apt') && cacheApt.some((c) => c.target === '/var/lib/apt');
  if (!removesLists && !mounted) {
    out.push(
      finding(
        'DS-31',
        line,
        'The apt package lists stay in the layer and bloat the image.',
        'End the RUN with `rm -rf /var/lib/apt/lists/*`, or use cache mounts on /var/cache/apt and /var/lib/apt with sharing=locked.',
      ),
    );
  } else if (!removesLists && cacheApt.some((c) => c.sharing !== 'locked')) {
    out.push(
      finding(
        'DS-31',
        line,
        'apt takes an exclusive lock, so shared apt cache mounts break parallel builds.',
        'Add sharing=locked to the /var/cache/apt and /var/lib/apt cache mounts.',
      ),
    );
  }
  return out;
}

/** DS-33 on one RUN. */
export function apkFindings(run: RunContext): Finding[] {
  const adds = run.commands.filter((c) => c[0] === 'apk' && c.includes('add'));
  if (adds.length === 0) return [];
  const cached = run.caches.some((c) => c.target === '/var/cache/apk' || c.target === '/etc/apk/cache');
  if (cached || adds.every((c) => c.includes('--no-cache'))) return [];
  return [
    finding(
      'DS-33',
      run.inst.line,
      'apk add keeps its package index in the layer.',
      'Use `apk add --no-cache`, or a cache mount on /var/cache/apk.',
    ),
  ];
}
