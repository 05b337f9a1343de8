// Markdown from a results document (bench/run.mjs writes it; docs/bench/results.json keeps the
// committed one): the table, the full results page, and the README section.
import { dependencyStepFor } from '@dockstack/engine';
export const GENERATOR_NAMES = { dockstack: 'dockstack', fly: 'fly.io generator', naive: 'naive single-stage' };
export const GENERATOR_ORDER = ['dockstack', 'fly', 'naive'];

const num = (n, digits) => (n === null || n === undefined || !Number.isFinite(n) ? null : n.toFixed(digits));

/** `peer / dockstack`, printed as "4.02x" (above 1: the peer is bigger or slower). */
export function ratio(peer, ours) {
  if (peer === null || peer === undefined || ours === null || ours === undefined || ours <= 0 || !Number.isFinite(peer)) return null;
  return peer / ours;
}

function cell(value, digits, ours, isPeer) {
  const v = num(value, digits);
  if (v === null) return '-';
  const r = isPeer ? ratio(value, ours) : null;
  return r === null ? v : `${v} (${r >= 10 ? r.toFixed(0) : r.toFixed(2)}x)`;
}

const yesNo = (b) => (b === null || b === undefined ? '-' : b ? 'yes' : 'no');

/** Every generator measured for a row, in table order. */
export function generatorsOf(row) {
  return GENERATOR_ORDER.filter((g) => row.results[g] !== undefined);
}

/** yes: the fixture's exact check passed; otherwise what the app did answer, if anything. */
export function answeredCell(r, built = r.built !== false && !r.error, job = r.mode === 'job') {
  if (!built) return 'no (build failed)';
  if (r.answered) return job ? 'yes (job)' : 'yes';
  if (job) return /^exit 0\b/.test(r.answerDetail ?? '') ? 'other output' : 'no (failed)';
  if ((r.failures ?? []).some((f) => f.startsWith('container did not start'))) return 'no (did not start)';
  const a = r.memory?.answer;
  if (a) return a.status === r.expectStatus || (a.status >= 200 && a.status < 300) ? `HTTP ${a.status}, other body` : `HTTP ${a.status}`;
  return 'no';
}

export function tableMarkdown(doc) {
  const lines = [
    '| fixture | generator | image MB | cold build s | rebuild s | `docker stop` s | memory MiB | runs as root | healthcheck | answered | generate s |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | ---: |',
  ];
  for (const row of doc.rows) {
    const ours = row.results.dockstack ?? {};
    const oursGen = row.gen?.dockstack?.medianS ?? null;
    for (const g of generatorsOf(row)) {
      const r = row.results[g];
      const peer = g !== 'dockstack';
      const built = r.built !== false && !r.error;
      const job = r.mode === 'job';
      const answered = answeredCell(r, built, job);
      const gen = row.gen?.[g];
      const genCell = g === 'naive' ? 'hand-written' : gen?.medianS == null ? (gen?.error ? 'failed' : '-') : cell(gen.medianS, 2, oursGen, peer);
      lines.push(
        `| ${row.key} | ${GENERATOR_NAMES[g]} | ${built ? cell(r.sizeMB, 1, ours.sizeMB, peer) : '-'} | ${built ? cell(r.coldBuildS, 1, ours.coldBuildS, peer) : '-'} | ${cell(r.rebuildS, 1, ours.rebuildS, peer)} | ${job ? 'job' : cell(r.stopS, 2, ours.stopS, peer)} | ${job ? 'job' : cell(r.memMiB, 1, ours.memMiB, peer)} | ${built ? yesNo(r.root) : '-'} | ${built ? yesNo(r.healthcheck) : '-'} | ${answered} | ${genCell} |`,
      );
    }
  }
  return lines.join('\n');
}

/** Geometric mean of peer/dockstack for a metric over the rows that have both. */
export function geomean(doc, peer, metric) {
  const rs = doc.rows.map((row) => ratio(row.results[peer]?.[metric], row.results.dockstack?.[metric])).filter((r) => r !== null && r > 0);
  if (rs.length === 0) return null;
  return { value: Math.exp(rs.reduce((a, r) => a + Math.log(r), 0) / rs.length), n: rs.length };
}

// A peer "beats" dockstack on a time or memory when it is lower by more than 10 % and by more
// than a floor above this machine's noise; on image size, when it is smaller by more than 0.5 MB.
const METRICS = {
  sizeMB: { label: 'image size', floor: 0.5 },
  coldBuildS: { label: 'cold build time', floor: 1 },
  rebuildS: { label: 'rebuild time', floor: 0.5 },
  stopS: { label: '`docker stop` time', floor: 0.2 },
  memMiB: { label: 'memory after start', floor: 2 },
};

/** Where a peer does better than dockstack in this run, per metric: [{ key, peer, ours, theirs }]. */
export function losses(doc) {
  const out = {};
  for (const [metric, { floor }] of Object.entries(METRICS)) {
    out[metric] = [];
    for (const row of doc.rows) {
      const ours = row.results.dockstack?.[metric];
      for (const g of generatorsOf(row).filter((x) => x !== 'dockstack')) {
        const theirs = row.results[g]?.[metric];
        if (ours == null || theirs == null || row.results[g].built === false) continue;
        const lower = metric === 'sizeMB' ? ours - theirs > floor : theirs < ours * 0.9 && ours - theirs > floor;
        if (lower) out[metric].push({ key: row.key, peer: g, ours, theirs });
      }
    }
  }
  out.generate = [];
  for (const row of doc.rows) {
    const ours = row.gen?.dockstack?.medianS;
    const theirs = row.gen?.fly?.medianS;
    if (ours != null && theirs != null && theirs < ours * 0.9) out.generate.push({ key: row.key, peer: 'fly', ours, theirs });
  }
  out.safety = [];
  for (const row of doc.rows) {
    const ours = row.results.dockstack;
    if (!ours) continue;
    for (const g of generatorsOf(row).filter((x) => x !== 'dockstack')) {
      const p = row.results[g];
      if (p.answered && !ours.answered) out.safety.push({ key: row.key, peer: g, what: 'answered its check when dockstack\'s image did not' });
      if (p.root === false && ours.root === true) out.safety.push({ key: row.key, peer: g, what: 'runs as non-root when dockstack\'s image runs as root' });
      if (p.healthcheck && !ours.healthcheck) out.safety.push({ key: row.key, peer: g, what: 'has a HEALTHCHECK when dockstack\'s image has none' });
    }
  }
  return out;
}

// Why dockstack loses where it loses. Kept next to the numbers so a rerun keeps them together;
// the README paragraph prints only the reasons of the columns it actually loses in the run.
const REASONS = {
  sizeMB:
    'dockstack puts tini in the image as PID 1 (Debian\'s static tini, copied from a stage of its own) so SIGTERM reaches the app; where the baseline starts from the same slim base (python, ruby and PHP CLI naive files here, fly.io\'s node images) those 1-2 MB are the whole difference. Sizes are of stand-in base images built here (Debian packages and npm-registry binaries), not of the official images: compare within a row.',
  coldBuildS:
    'The templates are multi-stage: a build stage with the toolchain and dev dependencies, a `tini` stage that fetches Debian\'s static tini (one pinned .deb, alongside the build; the PID 1 that forwards SIGTERM, without which the naive bun and python servers take the full 10 s to stop), then a clean runtime stage (for the Java jlink runtime, an extra jdeps + jlink step), so from empty caches they do more work than one `COPY . .` and one install. For Go both sides compile the standard library and the app from an empty build cache and the gap goes either way between fixtures. BuildKit\'s cache mounts were emptied before every cold build, so `--mount=type=cache` gives dockstack no head start here; it pays off in rebuilds.',
  rebuildS:
    'Where a peer rebuilds faster after a one-line edit, the edit invalidates a longer step in dockstack\'s file: bun\'s compiled-binary template re-runs `bun build --compile` to produce its single executable, and the Java jlink template derives the runtime\'s module list from the built jar, so every source edit re-runs jdeps (jlink itself reruns only when that list changes), while the naive file only recompiles (and ships the whole JDK, several times the size).',
  stopS: 'Differences of a few tenths of a second are timing noise on this shared 2-core machine.',
  memMiB:
    'Where a peer uses less, it runs a different process tree (for example without tini, or with another nginx worker count); these are idle servers a few seconds after their first answer, and the absolute differences are small.',
  generate:
    'dockstack\'s CLI is an oclif application that loads and validates every bundled stack (manifest, options schema with ajv, EJS templates) and runs the detector in a worker thread with a time limit before it renders; and as built in this repository it has no `oclif.manifest.json`, so oclif imports every command module (and with them core, lint and ajv) on each start, even for `--version`. fly.io\'s generator is one script that reads `package.json` and renders. Both take about a second or less, far below any build.',
  safety: 'A peer did better on one of root / healthcheck / answered.',
};

/** Compact: fixtures grouped by peer, no values (README); full: every case with its numbers (results.md). */
export function losesParagraph(doc, { compact = false } = {}) {
  const l = losses(doc);
  const parts = [];
  const slowest = (key) => {
    const st = doc.rows.find((r) => r.key === key)?.results.dockstack?.coldSlowest?.[0];
    return st ? `; dockstack's slowest step \`${st.step.replace(/`/g, "'").slice(0, 70)}\` ${st.seconds.toFixed(1)} s` : '';
  };
  const fmtList = (items, unit, metric) =>
    items
      .map((x) => `${x.key} vs ${GENERATOR_NAMES[x.peer]} (${x.theirs.toFixed(unit === 'MB' || unit === 'MiB' ? 0 : 1)} vs ${x.ours.toFixed(unit === 'MB' || unit === 'MiB' ? 0 : 1)} ${unit}${metric === 'coldBuildS' ? slowest(x.key) : ''})`)
      .join(', ');
  const units = { sizeMB: 'MB', coldBuildS: 's', rebuildS: 's', stopS: 's', memMiB: 'MiB', generate: 's' };
  for (const metric of ['coldBuildS', 'generate', 'sizeMB', 'rebuildS', 'memMiB', 'stopS']) {
    const items = l[metric];
    if (!items || items.length === 0) continue;
    const label = metric === 'generate' ? 'generate time' : METRICS[metric].label;
    const list = compact
      ? Object.entries(items.reduce((acc, x) => ({ ...acc, [x.peer]: [...(acc[x.peer] ?? []), x] }), {}))
          .map(([peer, xs]) => `against ${GENERATOR_NAMES[peer]} in ${xs.map((x) => x.key).join(', ')}`)
          .join('; ')
      : fmtList(items, units[metric], metric);
    parts.push(`- **${label[0].toUpperCase()}${label.slice(1)}** — lower for a peer in ${items.length} case${items.length === 1 ? '' : 's'}: ${list}. ${REASONS[metric]}`);
  }
  if (l.safety.length > 0) parts.push(`- **Safety** — ${l.safety.map((x) => `${x.key}: ${GENERATOR_NAMES[x.peer]} ${x.what}`).join('; ')}.`);
  if (!l.sizeMB.length) parts.push(`- **Image size** is never lost in this run, but the sizes are of stand-in base images built here (Debian packages and npm-registry binaries), not of the official images: the order holds, the absolute megabytes do not.`);
  return parts.join('\n');
}

function summaryLines(doc) {
  const out = [];
  for (const [peer, name] of [['naive', 'the naive single-stage build'], ['fly', "fly.io's generator"]]) {
    const size = geomean(doc, peer, 'sizeMB');
    const rebuild = geomean(doc, peer, 'rebuildS');
    const cold = geomean(doc, peer, 'coldBuildS');
    if (!size) continue;
    out.push(
      `- Against ${name} (${size.n} fixture${size.n === 1 ? '' : 's'}), geometric means of peer / dockstack: image size ${size.value.toFixed(2)}x, rebuild ${rebuild ? `${rebuild.value.toFixed(2)}x` : '-'}, cold build ${cold ? `${cold.value.toFixed(2)}x` : '-'}.`,
    );
  }
  return out.join('\n');
}

export function howMeasured(doc) {
  const s = doc.settings;
  return [
    `- **Same run, same machine, same bases.** Every image is built on the local engine from local stand-in base images (\`dockstack-standin/*\`, built by \`scripts/standins/build-standins.sh\`; Docker Hub is not reachable here). dockstack's Dockerfile is the fixture's render (as \`dockstack add\` writes it, \`# syntax\` line off) with its \`*_IMAGE\` build args pointed at the stand-ins. The naive file is \`bench/naive.mjs\` (the full language image, \`COPY . .\`, install, run) with its FROM replaced by the stand-in. fly.io's file is \`${doc.generators.fly ? `${doc.generators.fly.package}@${doc.generators.fly.version}` : '@flydotio/dockerfile'}\` run as \`dockerfile --force\` in a copy of the fixture; its \`# syntax\` line is removed and each FROM is pointed at the stand-in dockstack's file uses for the same image (e.g. \`node:\${NODE_VERSION}-slim\` -> the node stand-in of dockstack's Node major; it picks Node ${doc.generators.fly?.nodeVersion ?? 'the running version'} from the Node.js that runs it; \`nginx\` -> the nginx stand-in).`,
    '- **image MB**: `docker image inspect` `.Size` of the final image.',
    `- **cold build s**: wall time of \`docker buildx build --no-cache --load\` with base images already local${s.cacheMountsEmptied ? ' and the engine\'s `RUN --mount=type=cache` contents emptied first (`docker buildx prune --filter type=exec.cachemount`), so no generator starts with warm package caches' : ''}. Network: npm registry and Debian mirror through the host network.`,
    '- **rebuild s**: wall time of the next `docker buildx build` (layer cache on) after appending a newline to the fixture\'s declared source file (`edit` in fixture.json).',
    '- **`docker stop` s**: wall time of `docker stop -t 10` on the running server (10 s means SIGTERM never reached the app). Jobs (run-to-completion programs) have none.',
    `- **memory MiB**: the server is started again after the checks, and ${s.memorySettleS} s after its first HTTP answer \`docker stats --no-stream\` MEM USAGE is read ${s.memorySamples} times, 1 s apart (median; the cgroup's usage and anonymous RSS are in results.json). Idle server, no load. This is the container's memory cgroup: anonymous memory plus page cache charged to it; file pages of a runtime binary that the kernel already cached for another cgroup (the build, an earlier container) are not charged again, so a runtime shipped as one big binary (bun, deno, a Go or Rust server) shows little more than its heap.`,
    '- **runs as root**: any process of the running server with uid 0 (`docker top`); for jobs, the image\'s USER. **healthcheck**: the image has a HEALTHCHECK. **answered**: the fixture\'s check passed (HTTP path, status and body text, or the job\'s output).',
    `- **generate s**: wall time of the generator's whole CLI process, median of ${s.genRuns} runs, each in a fresh copy of the fixture: \`node packages/cli/bin/run.js add <stack> --stdout --yes --cwd <copy>\` vs \`node <@flydotio/dockerfile bin> --force\` (same Node.js).`,
    '- **(N x)**: the peer\'s value divided by dockstack\'s for the same fixture in the same run (above 1: bigger or slower than dockstack).',
    '- Builds run one at a time, fixture by fixture, generators interleaved; the 1-minute load average before each build is in results.json (other builds shared this 2-core machine).',
    ...(doc.parts ?? []).map(
      (m, i) =>
        `- **Part ${i + 1} of ${doc.parts.length}** (\`bench/combine.mjs\` joins consecutive filtered runs of the same commit): ${m.startedAt.slice(0, 16).replace('T', ' ')}-${m.finishedAt.slice(11, 16)} UTC, load average ${m.load.start} at its start, ${m.fixtures.length} fixture${m.fixtures.length === 1 ? '' : 's'}${m.fly ? ' with' : ' without'} fly.io's generator, generate s ${m.genRuns === 0 ? 'not timed' : `median of ${m.genRuns} runs`}.${m.replaced.length > 0 ? ` It re-measured ${m.replaced.join(', ')}, replacing the earlier part's rows${doc.remeasuredWhy ? `: ${doc.remeasuredWhy}` : ''}.` : ''}${m.note ? ` ${m.note}` : ''}`,
    ),
  ].join('\n');
}

function notesLines(doc) {
  const out = [];
  for (const row of doc.rows) {
    for (const g of generatorsOf(row)) {
      const r = row.results[g];
      const items = [];
      if (r.error) items.push(`error: ${r.error}`);
      if (r.built === false) items.push(`build failed: ${(r.failures?.[0] ?? '').split('\n').slice(-3).join(' ').slice(0, 300)}`);
      if (r.built !== false && !r.answered && r.answerDetail) {
        const logs = (r.failures ?? []).find((f) => f.includes('container logs:'))?.split('container logs:')[1]?.trim().split('\n').slice(-3).join(' | ');
        items.push(`check failed: ${r.answerDetail.slice(0, 240)}${logs ? `; container log: ${logs.slice(0, 300)}` : ''}`);
      }
      const noStart = (r.failures ?? []).find((f) => f.startsWith('container did not start'));
      if (noStart) items.push(`${noStart.replace(/^container did not start: (docker: )?/, 'the container did not start: ').slice(0, 260)} (verifyImage stops there, so no rebuild, stop or memory figure)`);
      for (const n of r.notes ?? []) items.push(n);
      if (r.health && r.health !== 'healthy') items.push(`HEALTHCHECK status ${r.health}`);
      if (r.installCached === false && reranInstall(row.stack, r)) items.push('the rebuild re-ran the dependency install');
      if (r.memory?.note) items.push(`memory: ${r.memory.note}`);
      const gen = row.gen?.[g];
      if (gen?.error) items.push(`generator failed: ${gen.error.slice(0, 200)}`);
      if (items.length) out.push(`- ${row.key}, ${GENERATOR_NAMES[g]}: ${items.join('; ')}`.replace(/\s+/g, ' '));
    }
  }
  return out.join('\n');
}

function baseImagesTable(doc) {
  const entries = Object.entries(doc.baseImages ?? {});
  if (entries.length === 0) return '- not recorded';
  return [
    'Every FROM in this run resolves to one of these local stand-ins. They are built from Debian packages and npm-registry binaries to stand in for the official images, which this machine cannot pull; their sizes differ from the official ones, so compare sizes within a row, not with images pulled elsewhere. The naive python file uses the slim image (no full python stand-in here), and the golang stand-in is slim Debian plus the toolchain while the official golang image sits on buildpack-deps: those two naive baselines are smaller than real ones, so their size ratios understate the difference.',
    '',
    '| official name | stand-in | stand-in size MB |',
    '| --- | --- | ---: |',
    ...entries.map(([name, b]) => `| ${name} | ${b.standin} | ${b.sizeMB == null ? '-' : b.sizeMB.toFixed(1)} |`),
  ].join('\n');
}

export function resultsMarkdown(doc) {
  return `# Benchmark: dockstack vs fly.io's generator vs a naive Dockerfile

Generated by \`node bench/run.mjs\` on ${doc.date} (${doc.durationMin} min${doc.parts ? ` in ${doc.parts.length} consecutive parts of one commit, joined by \`bench/combine.mjs\`` : ''}) on this machine: ${doc.machine.summary}. Load average (1 min) ${doc.load.start} at the start, ${doc.load.end} at the end. Redraw this page and the chart from results.json with \`node bench/chart.mjs\`.

![Image size and rebuild time per fixture and generator](chart.svg)

${tableMarkdown(doc)}

${summaryLines(doc)}

## Where dockstack loses

${losesParagraph(doc)}

## How each number is measured

${howMeasured(doc)}

## Base images (stand-ins)

${baseImagesTable(doc)}

## Notes per row

${notesLines(doc) || '- none'}
`;
}

export const README_START = '<!-- bench:start -->';
export const README_END = '<!-- bench:end -->';

export function readmeSection(doc) {
  return `${README_START}
## Benchmark

dockstack against fly.io's generator (\`${doc.generators.fly ? `${doc.generators.fly.package}@${doc.generators.fly.version}` : '@flydotio/dockerfile'}\`, node fixtures) and a naive single-stage Dockerfile (every fixture), built and run ${doc.parts ? `in ${doc.parts.length} consecutive runs of one commit` : 'in one run'} on one machine from the same local stand-in base images. Run on ${doc.date} on ${doc.machine.summary}. Ratios in parentheses are peer / dockstack. How each number is measured and per-row notes: [docs/bench/results.md](docs/bench/results.md).

![Image size and rebuild time per fixture and generator](docs/bench/chart.svg)

${tableMarkdown(doc)}

${summaryLines(doc)}

### Where dockstack loses

${losesParagraph(doc, { compact: true })}

Regenerate: \`node bench/run.mjs\` (builds everything, about ${doc.durationMin} min here; needs \`pnpm -s build\` and a Docker engine; writes docs/bench/ and this section), or \`node bench/chart.mjs\` to redraw the chart, the table and this section from docs/bench/results.json.
${README_END}`;
}

/** Replaces (or appends) the section between the markers; nothing else in the README changes. */
export function withReadmeSection(readme, section) {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start !== -1 && end > start) return `${readme.slice(0, start)}${section}${readme.slice(end + README_END.length)}`;
  return `${readme.replace(/\n*$/, '\n')}\n${section}\n`;
}

/**
 * Whether a rebuild re-ran a dependency step: from the steps verifyImage matched when the row
 * records them; for older rows (no `installSteps`), from the rebuilt step names and the stack's
 * dependency-step pattern, so an app without any dependency step is not said to re-run one.
 */
function reranInstall(stack, r) {
  if (Array.isArray(r.installSteps)) return r.installSteps.some((s) => s.startsWith('RAN '));
  return (r.rebuiltSteps ?? []).some((s) => dependencyStepFor(stack).step.test(s));
}
