import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createProjectView } from '@dockstack/core';
import type { DetectResult } from '@dockstack/plugin-api';
import { detect } from '../src/detect.js';
import { CURRENT_STABLE } from '../src/rust-version.js';

const dirs: string[] = [];

/** A temp project from a map of relative path -> content. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dockstack-rust-'));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

async function run(files: Record<string, string>): Promise<DetectResult> {
  const result = await detect(createProjectView(project(files)));
  assert.ok(result !== null, 'detected');
  return result;
}

const pkg = (name: string, extra = ''): string => `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n${extra}`;
const MAIN = 'fn main() { println!("hi"); }\n';
const SERVER = 'use std::net::TcpListener;\nfn main() { let _l = TcpListener::bind("0.0.0.0:7000").unwrap(); }\n';

after(function () {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('rust detection', function () {
  it('ignores a folder without Cargo.toml', async function () {
    assert.equal(await detect(createProjectView(project({ 'main.rs': MAIN }))), null);
  });

  it('a single binary: name from the package, the current stable, no lockfile noted', async function () {
    const r = await run({ 'Cargo.toml': pkg('tool', 'license = "MIT/Apache-2.0"\n'), 'src/main.rs': MAIN });
    assert.equal(r.options['bin'], 'tool');
    assert.equal(r.options['rustVersion'], undefined);
    assert.match(r.why?.['rustVersion'] ?? '', new RegExp(CURRENT_STABLE.replace('.', '\\.')));
    assert.equal(r.options['lockfile'], false);
    assert.equal(r.options['server'], false);
    assert.equal(r.options['license'], 'MIT OR Apache-2.0');
    assert.ok(r.notes?.some((n) => n.includes('Cargo.lock')));
    assert.ok(r.confidence >= 0.7 && r.confidence < 0.9);
  });

  it('Rust version: rust-toolchain.toml, then a bare rust-toolchain file, then rust-version', async function () {
    const base = { 'Cargo.toml': pkg('t', 'rust-version = "1.80"\n'), 'src/main.rs': MAIN, 'Cargo.lock': 'version = 4\n' };
    assert.equal(
      (await run({ ...base, 'rust-toolchain.toml': '[toolchain]\nchannel = "1.93.1"\n', 'rust-toolchain': '1.70.0\n' })).options[
        'rustVersion'
      ],
      '1.93.1',
    );
    assert.equal((await run({ ...base, 'rust-toolchain': '1.89.0-x86_64-unknown-linux-gnu\n' })).options['rustVersion'], '1.89.0');
    assert.equal((await run({ ...base, 'rust-toolchain': '[toolchain]\nchannel = "1.90"\n' })).options['rustVersion'], '1.90');
    const declared = await run(base);
    assert.equal(declared.options['rustVersion'], '1.80');
    assert.match(declared.why?.['rustVersion'] ?? '', /minimum/);
  });

  it('stable and nightly channels keep the default version and say why', async function () {
    const stable = await run({ 'Cargo.toml': pkg('t'), 'src/main.rs': MAIN, 'rust-toolchain.toml': '[toolchain]\nchannel = "stable"\n' });
    assert.equal(stable.options['rustVersion'], undefined);
    assert.ok(stable.notes?.some((n) => n.includes('"stable"')));
    const nightly = await run({
      'Cargo.toml': pkg('t', 'rust-version = "1.80"\n'),
      'src/main.rs': MAIN,
      'rust-toolchain': 'nightly-2026-05-01\n',
    });
    assert.equal(nightly.options['rustVersion'], undefined, 'a nightly pin is not silently replaced by rust-version');
    assert.ok(nightly.notes?.some((n) => n.includes('nightly') && n.includes('no official rust image')));
  });

  it('several binaries: default-run wins; src/bin files and folders are found; others are noted', async function () {
    const files = {
      'Cargo.toml': pkg('multi', 'default-run = "api"\n'),
      'src/main.rs': MAIN,
      'src/bin/api.rs': SERVER,
      'src/bin/worker/main.rs': MAIN,
    };
    const r = await run(files);
    assert.equal(r.options['bin'], 'api');
    assert.equal(r.options['server'], true);
    assert.equal(r.options['port'], 7000);
    assert.ok(r.notes?.some((n) => n.includes('multi') && n.includes('worker')));
    const noDefault = await run({ ...files, 'Cargo.toml': pkg('multi') });
    assert.equal(noDefault.options['bin'], 'multi', 'the binary named after the package');
    assert.equal(noDefault.options['server'], false, 'src/main.rs has no listener; api is the server');
    assert.match(noDefault.why?.['server'] ?? '', /the server is binary "api"/);
  });

  it('[[bin]] required-features become the features option', async function () {
    const r = await run({
      'Cargo.toml': `${pkg('p')}\n[[bin]]\nname = "gen"\npath = "tools/gen.rs"\nrequired-features = ["cli"]\n`,
      'tools/gen.rs': MAIN,
    });
    assert.equal(r.options['bin'], 'gen');
    assert.deepEqual(r.options['features'], ['cli']);
  });

  it('workspaces: the member with a binary, inherited fields, other binary members noted', async function () {
    const r = await run({
      'Cargo.toml':
        '[workspace]\nmembers = ["crates/*", "tools/cli"]\nexclude = ["crates/old"]\ndefault-members = ["services/api"]\n\n[workspace.package]\nrust-version = "1.85"\nlicense = "MIT"\nrepository = "https://github.com/x/y.git"\n',
      'crates/lib/Cargo.toml': pkg('lib'),
      'crates/lib/src/lib.rs': 'pub fn f() {}\n',
      'crates/old/Cargo.toml': pkg('old'),
      'crates/old/src/main.rs': MAIN,
      'tools/cli/Cargo.toml': pkg('cli', 'rust-version.workspace = true\nlicense.workspace = true\nrepository.workspace = true\n'),
      'tools/cli/src/main.rs': MAIN,
      'Cargo.lock': 'version = 4\n',
    });
    assert.equal(r.options['package'], 'cli');
    assert.equal(r.options['bin'], 'cli');
    assert.equal(r.options['rustVersion'], '1.85');
    assert.equal(r.options['license'], 'MIT');
    assert.equal(r.options['sourceUrl'], 'https://github.com/x/y');
    assert.ok(!JSON.stringify(r.notes).includes('old'), 'excluded members are not read');
  });

  it('workspaces: default-members beat path order; the root package beats both', async function () {
    const files = {
      'Cargo.toml': '[workspace]\nmembers = ["a", "b"]\ndefault-members = ["b"]\n',
      'a/Cargo.toml': pkg('a'),
      'a/src/main.rs': MAIN,
      'b/Cargo.toml': pkg('b'),
      'b/src/main.rs': SERVER,
    };
    const r = await run(files);
    assert.equal(r.options['package'], 'b');
    assert.ok(r.notes?.some((n) => n.includes('other workspace members with binaries: a (a)')));
    const rooted = await run({ ...files, 'Cargo.toml': `${pkg('root')}\n${files['Cargo.toml']}`, 'src/main.rs': MAIN });
    assert.equal(rooted.options['package'], undefined);
    assert.equal(rooted.options['bin'], 'root');
  });

  it('servers: framework crates, listeners in other modules, PORT defaults, loopback binds', async function () {
    const actix = await run({ 'Cargo.toml': `${pkg('w')}\n[dependencies]\nactix-web = "4"\n`, 'src/main.rs': 'fn main() { w::run(); }\n' });
    assert.equal(actix.options['server'], true);
    assert.match(actix.why?.['server'] ?? '', /actix-web/);
    const module = await run({
      'Cargo.toml': pkg('m'),
      'src/main.rs': 'mod net;\nfn main() { net::serve(); }\n',
      'src/net/mod.rs':
        'pub fn serve() { let port = std::env::var("PORT").unwrap_or_else(|_| "4100".into()); let _ = tokio::net::TcpListener::bind(format!("0.0.0.0:{port}")); }\n',
    });
    assert.equal(module.options['server'], true);
    assert.equal(module.options['port'], 4100);
    const loopback = await run({
      'Cargo.toml': pkg('l'),
      'src/main.rs': 'fn main() { let a = std::net::SocketAddr::from(([127, 0, 0, 1], 5000)); let _ = std::net::TcpListener::bind(a); }\n',
    });
    assert.equal(loopback.options['port'], 5000);
    assert.ok(loopback.notes?.some((n) => n.includes('127.0.0.1:5000') && n.includes('0.0.0.0')));
  });

  it('a server that checks itself gets a HEALTHCHECK on its own flag; a job does not', async function () {
    const health =
      'fn main() { if std::env::args().any(|a| a == "--healthcheck") { return; } let _ = std::net::TcpListener::bind("0.0.0.0:8080"); }\n';
    const r = await run({ 'Cargo.toml': pkg('svc'), 'src/main.rs': health });
    assert.equal(r.options['healthcheckCommand'], '/usr/local/bin/svc --healthcheck');
    const job = await run({
      'Cargo.toml': pkg('job'),
      'src/main.rs': 'fn main() { if std::env::args().any(|a| a == "--healthcheck") { println!("ok"); } }\n',
    });
    assert.equal(job.options['healthcheckCommand'], undefined);
  });

  it('system libraries: openssl-sys and TLS roots from Cargo.lock; static/ for servers', async function () {
    const lock = 'version = 4\n\n[[package]]\nname = "openssl-sys"\nversion = "0.9.109"\n\n[[package]]\nname = "app"\nversion = "0.1.0"\n';
    const r = await run({ 'Cargo.toml': pkg('app'), 'src/main.rs': SERVER, 'Cargo.lock': lock, 'static/index.html': '<p>x</p>\n' });
    assert.deepEqual(r.options['buildPackages'], ['pkg-config', 'libssl-dev']);
    assert.deepEqual(r.options['runtimePackages'], ['libssl3']);
    assert.equal(r.options['caCertificates'], true);
    assert.deepEqual(r.options['assets'], ['static']);
    const rustls = await run({
      'Cargo.toml': pkg('app'),
      'src/main.rs': MAIN,
      'Cargo.lock': 'version = 4\n\n[[package]]\nname = "rustls-native-certs"\nversion = "0.8.1"\n',
      'static/x': '',
    });
    assert.equal(rustls.options['caCertificates'], true);
    assert.equal(rustls.options['buildPackages'], undefined);
    assert.equal(rustls.options['assets'], undefined, 'a run-to-completion program gets no assets');
  });

  it('a library without binaries is a weak candidate with a note', async function () {
    const r = await run({ 'Cargo.toml': pkg('only-lib'), 'src/lib.rs': 'pub fn f() {}\n' });
    assert.equal(r.options['bin'], undefined);
    assert.ok(r.confidence <= 0.3);
    assert.ok(r.notes?.some((n) => n.includes('no binary target')));
  });

  it('never proposes a value its schema would refuse', async function () {
    const r = await run({
      'Cargo.toml': `${pkg('ok')}\n[[bin]]\nname = "we!rd"\npath = "src/main.rs"\n`,
      'src/main.rs': MAIN,
      'rust-toolchain': '1.x\n',
    });
    assert.equal(r.options['bin'], undefined);
    assert.equal(r.options['rustVersion'], undefined);
    assert.ok(r.notes?.some((n) => n.includes('we!rd')));
  });
});
