import { defineDetector, findings, firstText, propose, result, setLabels, type Findings, type ProjectView } from '@dockstack/plugin-api';
import { lockedCrates, packageField, readManifest, readWorkspace, type Manifest } from './cargo.js';
import { findRustVersion } from './rust-version.js';
import { findServer } from './server.js';
import { findTarget, type Target } from './target.js';

const TLS_CRATES = ['rustls-native-certs', 'rustls-platform-verifier', 'openssl-probe', 'native-tls', 'openssl-sys', 'hyper-tls'];
const ASSET_DIRS = ['static', 'public', 'assets'];

/** Server or job, its port, and the folders a server reads at run time. */
async function serverAndAssets(p: ProjectView, f: Findings, target: Target): Promise<void> {
  const server = await findServer(p, target.pkg, target.bin);
  f.reasons.push(...server.reasons);
  f.notes.push(...server.notes);
  propose(f, 'server', server.server, server.why);
  if (!server.server) return;
  if (server.port !== undefined) propose(f, 'port', server.port, server.portWhy ?? '');
  if (server.healthArg !== undefined && typeof f.options['bin'] === 'string') {
    const command = `/usr/local/bin/${f.options['bin']} ${server.healthArg}`;
    propose(
      f,
      'healthcheckCommand',
      command,
      `${target.bin.path} handles "${server.healthArg}": the binary checks itself (no curl in the image)`,
    );
  }
  const assets: string[] = [];
  for (const dir of ASSET_DIRS) if (await p.exists(dir)) assets.push(dir);
  if (assets.length > 0)
    propose(f, 'assets', assets, `server with ${assets.map((a) => `${a}/`).join(', ')} beside Cargo.toml: copied to /app for run time`);
}

/** System libraries and CA roots the crates need, from Cargo.lock (or the manifest without one). */
async function systemLibraries(p: ProjectView, f: Findings, crates: Set<string>, source: string): Promise<void> {
  const tls = TLS_CRATES.find((c) => crates.has(c));
  if (tls !== undefined) propose(f, 'caCertificates', true, `${source} lists ${tls}: outgoing TLS needs the CA bundle`);
  if (crates.has('openssl-sys')) {
    propose(f, 'buildPackages', ['pkg-config', 'libssl-dev'], 'openssl-sys links the system OpenSSL: pkg-config and libssl-dev to build');
    propose(f, 'runtimePackages', ['libssl3'], 'openssl-sys links libssl3 at run time (libssl3t64 on trixie)');
    f.notes.push('openssl-sys: the musl-scratch runtime needs the openssl crate\'s "vendored" feature or rustls instead');
  }
  if (crates.has('sqlx-macros') && !(await p.exists('.sqlx'))) {
    f.notes.push(
      'sqlx query macros check queries against a database at compile time; run `cargo sqlx prepare` and commit .sqlx/ so the image build needs none',
    );
  }
  const config = await firstText(p, ['.cargo/config.toml', '.cargo/config']);
  if (config !== undefined && /^\s*target\s*=/m.test(config.text))
    f.notes.push(`${config.file} sets build.target: the binary lands in target/<triple>/, so the Dockerfile's copy step needs that path`);
  if (config !== undefined && /^\s*target-dir\s*=/m.test(config.text))
    f.notes.push(`${config.file} sets target-dir; the Dockerfile overrides it with CARGO_TARGET_DIR=/build/target`);
}

/** Label values from the chosen package (inheriting `[workspace.package]`); an old `MIT/Apache-2.0` license reads as `OR`. */
function labels(f: Findings, manifest: Manifest, root: Manifest): void {
  const sourceUrl = packageField(manifest, 'repository', root)
    ?.replace(/^git\+/, '')
    .replace(/\.git$/, '');
  const license = packageField(manifest, 'license', root)?.replace(/\s*\/\s*/g, ' OR ');
  setLabels(f, { name: manifest.name, sourceUrl, license });
}

/** Detects Rust projects: package and binary, Rust version, lockfile, server or job, system libraries. */
export const detect = defineDetector(async (p) => {
  const root = await readManifest(p, '');
  if (root === undefined) return null;
  const f = findings();
  const ws = await readWorkspace(p, root);
  const said = [
    root.name !== undefined ? `package "${root.name}"` : '',
    ws !== undefined ? `workspace of ${ws.members.length} member(s)` : '',
  ];
  f.reasons.push({ file: 'Cargo.toml', says: said.filter(Boolean).join(', ') || 'present' });
  if (ws !== undefined && ws.skipped.length > 0) f.notes.push(`workspace members not read: ${ws.skipped.join(', ')}`);

  const target = findTarget(f, root, ws);
  await findRustVersion(p, target?.pkg, root, f);

  const lock = await p.readToml('Cargo.lock');
  const locked = lock !== undefined || (await p.exists('Cargo.lock'));
  if (locked) {
    f.reasons.push({ file: 'Cargo.lock', says: 'committed: builds use --locked' });
    propose(f, 'lockfile', true, 'Cargo.lock is committed: cargo build --locked');
  } else {
    propose(f, 'lockfile', false, 'no Cargo.lock: dependency versions are resolved at build time');
    f.notes.push('no Cargo.lock: run `cargo generate-lockfile` and commit it so image builds are reproducible (--locked)');
  }
  if (target !== undefined) await serverAndAssets(p, f, target);
  const manifest = target?.pkg ?? root;
  await systemLibraries(p, f, lock !== undefined ? lockedCrates(lock) : manifest.deps, lock !== undefined ? 'Cargo.lock' : 'Cargo.toml');
  labels(f, manifest, root);

  const confidence =
    target === undefined ? 0.3 : Math.min(0.95, 0.7 + (locked ? 0.2 : 0) + (f.options['rustVersion'] !== undefined ? 0.05 : 0));
  return result(f, confidence);
});
