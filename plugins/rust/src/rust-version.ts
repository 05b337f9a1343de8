import { get, propose, stringOf, tableOf, type Findings, type ProjectView } from '@dockstack/plugin-api';
import type { Manifest } from './cargo.js';

/** The stable release dockstack builds with when a project pins nothing (Rust 1.100, 2026-11-12). */
export const CURRENT_STABLE = '1.100';

const VERSION = /^[1-9][0-9]{0,2}\.(0|[1-9][0-9]{0,3})(\.(0|[1-9][0-9]{0,3}))?$/;

/** A toolchain channel as an image version: `1.95`, `1.95.0`, `1.95.0-x86_64-unknown-linux-gnu`. */
function fromChannel(channel: string, file: string, out: Findings): void {
  out.reasons.push({ file, says: `channel "${channel}"` });
  const numbered = /^(\d+\.\d+(?:\.\d+)?)(?:-[A-Za-z0-9_-]+)?$/.exec(channel)?.[1];
  if (numbered !== undefined && VERSION.test(numbered)) propose(out, 'rustVersion', numbered, `${file} pins channel "${channel}"`);
  else if (channel === 'stable') {
    out.notes.push(
      `${file} follows "stable": the image pins the current stable (${CURRENT_STABLE}); pin a version there or set rustVersion for reproducible builds`,
    );
  } else if (/^(nightly|beta)/.test(channel)) {
    out.notes.push(
      `${file} asks for "${channel}", which has no official rust image: the build uses stable; code that needs ${channel.split('-')[0]} features will not compile`,
    );
  } else {
    out.notes.push(`${file}: channel "${channel}" is not a version the rust image is tagged with; set rustVersion`);
  }
}

/**
 * The Rust version, in order: `rust-toolchain.toml`, `rust-toolchain` (TOML or a bare channel),
 * then `rust-version` of the chosen package, the root package, or `[workspace.package]`.
 */
export async function findRustVersion(p: ProjectView, pkg: Manifest | undefined, root: Manifest | undefined, out: Findings): Promise<void> {
  const notes = out.notes.length;
  for (const file of ['rust-toolchain.toml', 'rust-toolchain']) {
    const toml = await p.readToml(file);
    // A legacy `rust-toolchain` may hold just the channel name, which is not TOML.
    const bare = toml === undefined && file === 'rust-toolchain' ? (await p.readText(file))?.trim().split('\n')[0]?.trim() : undefined;
    if (toml === undefined && bare === undefined) continue;
    const channel = stringOf(get(toml, 'toolchain', 'channel')) ?? bare;
    if (channel === undefined || channel === '') {
      out.notes.push(`${file} names no channel`);
      continue;
    }
    // The toolchain file is authoritative even when it names no usable version: rust-version is
    // only a minimum, so it must not replace a "stable" or "nightly" pin.
    return fromChannel(channel, file, out);
  }
  const candidates: Array<[Manifest | undefined, string]> = [
    [pkg, pkg?.dir ? `${pkg.dir}/Cargo.toml` : 'Cargo.toml'],
    [root, 'Cargo.toml'],
  ];
  const shared = stringOf(tableOf(tableOf(root?.toml['workspace'])?.['package'])?.['rust-version']);
  for (const [m, path] of candidates) {
    if (m === undefined) continue;
    const own = tableOf(m.toml['package'])?.['rust-version'];
    const inherits = typeof own !== 'string' && (tableOf(own)?.['workspace'] === true || m === root);
    const declared = typeof own === 'string' ? own : inherits ? shared : undefined;
    if (declared === undefined) continue;
    const where = inherits ? 'Cargo.toml [workspace.package]' : path;
    out.reasons.push({ file: inherits ? 'Cargo.toml' : path, says: `${inherits ? '[workspace.package] ' : ''}rust-version "${declared}"` });
    const minimum = `${where} declares rust-version "${declared}" (the minimum the project supports; set rustVersion to build with a newer one)`;
    if (VERSION.test(declared)) return propose(out, 'rustVersion', declared, minimum);
    out.notes.push(`${where}: rust-version "${declared}" is not a version the rust image is tagged with`);
    break;
  }
  if (out.notes.length === notes)
    out.why['rustVersion'] = `no rust-toolchain.toml, rust-toolchain or rust-version: the current stable (${CURRENT_STABLE})`;
}
