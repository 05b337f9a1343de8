#!/usr/bin/env node
// Builds packages/images/data/catalogue.json: the base-image tags dockstack's stacks can write, whether each
// is still rebuilt, and release-line end-of-life dates. Sources (recorded in the output):
//   - shared/data/official-tags.json (docker-library/official-images history, distroless README and support
//     policy, dotnet-docker manifest, deno_docker tags, bun's release workflow): see that file's README;
//   - the node-releases npm package (Node.js release schedule);
//   - the npm registry's `bun` and `deno` packages (release versions and dates: `npm view bun time`); deno
//     releases newer than the deno_docker clone get the kinds of its newest tag;
//   - packages/images/data/release-lines.json (hand-kept, cited EOL table for python, ruby, php, java LTS,
//     .NET and Debian).
// Usage: node scripts/images/build-catalogue.mjs [path/to/official-tags.json] [--check]
import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// Built first (pnpm -s build): the file's layout, one image per line, is what the package reads lazily.
import { serializeCatalogue } from '../../packages/images/dist/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pkgDir = join(root, 'packages/images');
const args = process.argv.slice(2);
const check = args.includes('--check');
const input = args.find((a) => !a.startsWith('--')) ?? process.env.DOCKSTACK_OFFICIAL_TAGS ?? join(root, '../shared/data/official-tags.json');
const data = JSON.parse(readFileSync(input, 'utf8'));
const require = createRequire(join(pkgDir, 'package.json'));
const nodeSchedule = require('node-releases/data/release-schedule/release-schedule.json');
const nodeReleasesVersion = require('node-releases/package.json').version;
const lines = JSON.parse(readFileSync(join(pkgDir, 'data/release-lines.json'), 'utf8'));

/** Official images the stacks use (FROM and COPY --from), with the tag shapes worth keeping. */
const OFFICIAL = ['node', 'python', 'golang', 'rust', 'ruby', 'php', 'nginx', 'eclipse-temurin', 'maven', 'gradle', 'composer', 'debian', 'elixir', 'erlang', 'haskell'];
const DEB = '(bookworm|trixie|bullseye|buster)';
// Tag shapes (`#` = the version) dockstack can write, per image. Everything else (other OS families, dated
// snapshots, pre-releases) is dropped: it keeps the file small, and no stack writes those tags.
const KEEP = {
  node: new RegExp(`^#(-${DEB})?(-slim)?$`),
  python: new RegExp(`^#(-slim)?(-${DEB})?$`),
  golang: new RegExp(`^#(-${DEB})?$`),
  rust: new RegExp(`^#(-slim)?(-${DEB})?$`),
  ruby: new RegExp(`^#(-slim)?(-${DEB})?$`),
  php: new RegExp(`^#(-(cli|apache|fpm))?(-${DEB})?$`),
  nginx: new RegExp(`^#(-${DEB})?$`),
  'eclipse-temurin': /^#-(jdk|jre)$/,
  maven: /^#-eclipse-temurin-\d+$/,
  gradle: /^#-jdk\d+$/,
  composer: /^(#|latest)$/,
  debian: new RegExp(`^${DEB}(-slim)?$`),
  // elixir: the Debian-based `<elixir>-otp-<otp>[-slim]` tags (the OTP major is part of the shape)
  elixir: /^#-otp-\d+(-slim)?$/,
  // erlang: the Debian-based `<otp>` (full, with rebar3) and `<otp>-slim` tags
  erlang: /^#(-slim)?$/,
  // haskell: `<ghc>[-slim][-<debian>]` (ghc and cabal-install on Debian)
  haskell: new RegExp(`^#(-slim)?(-${DEB})?$`),
};
/** Splits a tag into its shape (`#` stands for the version) and version: `3.14-slim-trixie` -> [`#-slim-trixie`, `3.14`]. */
function split(tag) {
  const m = /^(.*?(?:^|-|jdk|php))(\d+(?:\.\d+)*)(?=$|-|[a-z])(.*)$/.exec(tag);
  if (m === null || (m[1] !== '' && !/(?:-|jdk|php)$/.test(m[1]))) return [tag, ''];
  return [m[1] + '#' + m[3], m[2]];
}

function addTag(shapes, tag, info, keep) {
  const [shape, version] = split(tag);
  if (keep !== undefined && !keep.test(shape)) return;
  const entry = (shapes[shape] ??= { c: [], o: {} });
  if (info.current) entry.c.push(version);
  else entry.o[version] = info.removed ?? info.last ?? '';
}

const vcmp = (a, b) => {
  const pa = a.split('.').map(Number), pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? -1) !== (pb[i] ?? -1)) return (pa[i] ?? -1) - (pb[i] ?? -1);
  return 0;
};
function sortShapes(shapes) {
  const out = {};
  for (const key of Object.keys(shapes).sort()) {
    const s = shapes[key];
    // Versions as one space-separated string, old ones grouped by the date they stopped being rebuilt.
    const byDate = {};
    const cur = new Set(s.c);
    for (const [v, date] of Object.entries(s.o).sort(([a], [b]) => vcmp(a, b))) if (!cur.has(v)) (byDate[date] ??= []).push(v);
    const o = Object.fromEntries(Object.keys(byDate).sort().map((d) => [d, byDate[d].join(' ')]));
    // `c` is absent when nothing of the shape is current (`''` is the one empty version of `bookworm-slim`).
    out[key] = { ...(cur.size > 0 ? { c: [...cur].sort(vcmp).join(' ') } : {}), ...(Object.keys(o).length > 0 ? { o } : {}) };
  }
  return out;
}

const images = {};
const firstSeen = {};
const denoTimes = JSON.parse(execFileSync('npm', ['view', 'deno', 'time', '--json'], { encoding: 'utf8' }));
for (const name of OFFICIAL) {
  const src = data.images[name];
  if (src === undefined) throw new Error(`${input} has no images.${name}`);
  const shapes = {};
  for (const [tag, info] of Object.entries(src.tags)) {
    addTag(shapes, tag, info, KEEP[name]);
    const [shape, version] = split(tag);
    if (version !== '' && !/rc|beta|alpha|^#[ab]\d/.test(shape)) {
      const line = version.split('.').slice(0, name === 'eclipse-temurin' ? 1 : 2).join('.');
      const f = (firstSeen[name] ??= {});
      if (f[line] === undefined || info.first < f[line]) f[line] = info.first;
    }
  }
  images[name] = sortShapes(shapes);
}

// distroless: image names with the four documented tags; not-current names keep their removal date.
for (const [full, info] of Object.entries(data.patterns['gcr.io/distroless'].images)) {
  if (!/-debian\d+$/.test(full)) continue;
  const tags = info.tags ?? ['latest', 'nonroot', 'debug', 'debug-nonroot'];
  images[full] = { [tags.join('|')]: info.current ? { c: '' } : { o: { [info.removed ?? info.last]: '' } } };
}
// .NET: current tags only (no history in the source); per-architecture `-<arch>` tags are left out.
for (const repo of ['sdk', 'aspnet', 'runtime', 'runtime-deps']) {
  const shapes = {};
  for (const tag of Object.keys(data.patterns[`mcr.microsoft.com/dotnet/${repo}`].tags)) addTag(shapes, tag, { current: true });
  images[`mcr.microsoft.com/dotnet/${repo}`] = sortShapes(shapes);
}
// deno: tags from the versions CI published, `<kind>-<version>` and `<version>` (debian); only the newest is current.
{
  const known = data.patterns['denoland/deno'].versions;
  const versions = Object.entries(known).filter(([v]) => /^\d+\.\d+\.\d+$/.test(v));
  // Releases after the deno_docker clone: the npm registry's `deno` package has every release, and each
  // release tag of deno_docker publishes the same kinds as the newest tag it has.
  const last = versions.sort(([a], [b]) => vcmp(a, b)).at(-1);
  for (const [v, time] of Object.entries(denoTimes)) {
    if (/^\d+\.\d+\.\d+$/.test(v) && last !== undefined && vcmp(v, last[0]) > 0) versions.push([v, { ...last[1], date: time.slice(0, 10), npm: true }]);
  }
  versions.sort(([a], [b]) => vcmp(a, b));
  const shapes = {};
  const newest = versions.at(-1)?.[0];
  firstSeen['denoland/deno'] = {};
  for (const [v, info] of versions) {
    for (const kind of info.kinds) {
      if (!['debian', 'distroless', 'bin'].includes(kind)) continue;
      const shape = (shapes[kind + '-#'] ??= { c: [], o: {} });
      if (v === newest) shape.c.push(v);
      else shape.o[v] = info.date;
    }
    const minor = v.split('.').slice(0, 2).join('.');
    firstSeen['denoland/deno'][minor] ??= info.date;
  }
  images['denoland/deno'] = sortShapes(shapes);
}
// bun: release versions from the npm registry (the docker workflow pushes one image per release tag).
const bunTimes = JSON.parse(execFileSync('npm', ['view', 'bun', 'time', '--json'], { encoding: 'utf8' }));
{
  const versions = Object.entries(bunTimes).filter(([v]) => /^1\.\d+\.\d+$/.test(v)).sort(([a], [b]) => vcmp(a, b));
  const newest = versions.at(-1)[0];
  const newestMinor = newest.split('.').slice(0, 2).join('.');
  const shapes = {};
  firstSeen['oven/bun'] = {};
  const pats = data.patterns['oven/bun'].variants;
  for (const [v, date] of versions) {
    const minor = v.split('.').slice(0, 2).join('.');
    firstSeen['oven/bun'][minor] ??= date.slice(0, 10);
    for (const variant of ['debian', 'slim', 'distroless']) {
      for (const suffix of pats[variant].suffixes) {
        for (const form of [v, minor, '1']) {
          const shape = (shapes['#' + suffix] ??= { c: [], o: {} });
          // A floating tag (1.4, 1) moves with each release: current while its line is the newest.
          const current = form === v ? v === newest : form === '1' || minor === newestMinor;
          if (current) shape.c.push(form);
          else shape.o[form] = date.slice(0, 10);
        }
      }
    }
  }
  for (const s of Object.values(shapes)) for (const v of s.c) delete s.o[v];
  images['oven/bun'] = sortShapes(shapes);
}

// End-of-life per product and release line.
const eol = {};
const addEol = (product, source, entries) => { eol[product] = { source, lines: Object.fromEntries(Object.entries(entries).sort(([a], [b]) => vcmp(a.replace(/\D+/g, '') || '0', b.replace(/\D+/g, '') || '0'))) }; };
addEol('node', `node-releases@${nodeReleasesVersion} data/release-schedule (the Node.js Release Working Group schedule)`,
  Object.fromEntries(Object.entries(nodeSchedule).filter(([k]) => /^v\d+$/.test(k)).map(([k, v]) => [k.slice(1), v.end])));
for (const product of ['python', 'ruby', 'php', 'dotnet', 'debian']) addEol(product, `${lines[product].source} (packages/images/data/release-lines.json)`, lines[product].lines);
/** A line ends when the `step`-th newer line first appears (go: two newest supported; rust, deno, bun: only the newest). */
function derived(product, seen, step, filter = () => true) {
  const ls = Object.keys(seen).filter(filter).sort(vcmp);
  const out = {};
  ls.forEach((l, i) => { const later = ls[i + step]; if (later !== undefined) out[l] = seen[later]; });
  return out;
}
addEol('go', 'Go release policy (each major release is supported until there are two newer ones); dates derived from when golang:<line> was first published', derived('go', firstSeen.golang, 2, (l) => /^1\.\d+$/.test(l)));
addEol('rust', 'Rust release model (only the newest stable is supported); dates derived from when rust:<next line> was first published', derived('rust', firstSeen.rust, 1, (l) => /^1\.\d+$/.test(l)));
addEol('deno', 'Deno stability policy (only the newest minor gets fixes); dates derived from deno_docker release tags', derived('deno', firstSeen['denoland/deno'], 1));
addEol('bun', 'Bun ships fixes on the newest release only; dates derived from npm release dates of the next minor', derived('bun', firstSeen['oven/bun'], 1));
addEol('nginx', 'nginx.org: one stable (even) and one mainline (odd) line; a line ends when the next line of its kind first appears (derived from nginx tag history)', derived('nginx', firstSeen.nginx, 2, (l) => /^1\.\d+$/.test(l) && Number(l.split('.')[1]) >= 10));
{
  const java = { ...lines.java.lines };
  const all = Object.keys(firstSeen['eclipse-temurin']).filter((l) => /^\d+$/.test(l) && Number(l) >= 8).sort(vcmp);
  all.forEach((l, i) => { if (java[l] === undefined && all[i + 1] !== undefined) java[l] = firstSeen['eclipse-temurin'][all[i + 1]]; });
  addEol('java', `${lines.java.source} (packages/images/data/release-lines.json)`, java);
}
{
  const dl = {};
  for (const [key, e] of Object.entries(data.eol['gcr.io/distroless'].entries)) {
    const m = /^(?:(\d{4})-(\d\d)-(\d\d)|(\w+)\.? (\d{4}))$/.exec(e.eol.trim());
    const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
    let date = null;
    if (m?.[1] !== undefined) date = `${m[1]}-${m[2]}-${m[3]}`;
    else if (m?.[4] !== undefined) {
      const mi = months.indexOf(m[4].slice(0, 3).toLowerCase());
      if (mi >= 0) date = new Date(Date.UTC(Number(m[5]), mi + 1, 0)).toISOString().slice(0, 10);
    }
    dl[key] = date ?? e.eol;
  }
  addEol('distroless', 'GoogleContainerTools/distroless SUPPORT_POLICY.md (a month alone means its last day; text kept when no date is set yet)', dl);
}

const sourceDate = data.sources.map((s) => s.date).filter(Boolean).sort().at(-1);
const catalogue = {
  generated: data.generated,
  sourceDate,
  sources: [
    ...data.sources,
    { package: 'node-releases', version: nodeReleasesVersion },
    { package: 'deno', note: 'npm registry release times (releases after the deno_docker clone)', newest: Object.keys(denoTimes).filter((v) => /^\d+\.\d+\.\d+$/.test(v)).sort(vcmp).at(-1) },
    { package: 'bun', note: 'npm registry release times', newest: Object.keys(bunTimes).filter((v) => /^1\.\d+\.\d+$/.test(v)).sort(vcmp).at(-1) },
  ],
  images,
  eol,
};
const text = serializeCatalogue(catalogue);
const out = join(pkgDir, 'data/catalogue.json');
if (check) {
  const old = readFileSync(out, 'utf8');
  if (old !== text) { console.error(`${out} is out of date: run node scripts/images/build-catalogue.mjs`); process.exit(1); }
  console.log(`${out} is up to date`);
} else {
  writeFileSync(out + '.tmp', text);
  renameSync(out + '.tmp', out);
  const counts = Object.entries(images).filter(([k]) => !k.includes('distroless')).map(([k, v]) => `${k} ${Object.values(v).length} shapes`);
  console.log(`wrote ${out}: ${(text.length / 1024).toFixed(1)} KiB, ${Object.keys(images).length} images (${counts.join(', ')})`);
}
