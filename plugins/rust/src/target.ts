import { inDir, propose, stringOf, tableOf, type Findings } from '@dockstack/plugin-api';
import type { BinTarget, Manifest, Workspace } from './cargo.js';

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** The package and binary the image runs. */
export interface Target {
  pkg: Manifest;
  bin: BinTarget;
}

/** The binary cargo would run: `default-run`, else the one named after the package, else src/main.rs, else the first. */
function chooseBin(pkg: Manifest): { bin: BinTarget; why: string } | undefined {
  const defaultRun = stringOf(tableOf(pkg.toml['package'])?.['default-run']);
  const byDefault = pkg.bins.find((b) => b.name === defaultRun);
  if (byDefault !== undefined) return { bin: byDefault, why: `${inDir(pkg.dir, 'Cargo.toml')} sets default-run = "${defaultRun}"` };
  const named = pkg.bins.find((b) => b.name === pkg.name);
  const main = pkg.bins.find((b) => b.path === inDir(pkg.dir, 'src/main.rs'));
  const bin = named ?? main ?? pkg.bins[0];
  if (bin === undefined) return undefined;
  const how = bin.declared ? `[[bin]] "${bin.name}" in ${inDir(pkg.dir, 'Cargo.toml')}` : bin.path;
  if (pkg.bins.length === 1) return { bin, why: `the only binary target: ${how}` };
  if (bin === named) return { bin, why: `${how} is named after the package (no default-run)` };
  if (bin === main) return { bin, why: `${how} builds from src/main.rs (no default-run)` };
  return { bin, why: `first of ${pkg.bins.length} binary targets (no default-run): ${how}` };
}

/** The package whose binary is built: the root package, then default-members, then the first member with a binary. */
function choosePackage(root: Manifest, ws: Workspace | undefined): Manifest | undefined {
  const withBins = [root, ...(ws?.members ?? [])].filter((m) => m.name !== undefined && m.bins.length > 0);
  return withBins.find((m) => m === root) ?? withBins.find((m) => ws?.defaultMembers.includes(m.dir)) ?? withBins[0];
}

function binLabel(b: BinTarget): string {
  return b.requiredFeatures.length > 0 ? `${b.name} (needs features ${b.requiredFeatures.join(',')})` : b.name;
}

/** Chooses the package and binary, proposes `package`, `bin` and `features`, and notes the alternatives. */
export function findTarget(f: Findings, root: Manifest, ws: Workspace | undefined): Target | undefined {
  const pkg = choosePackage(root, ws);
  const picked = pkg === undefined ? undefined : chooseBin(pkg);
  if (pkg === undefined || picked === undefined) {
    f.notes.push('no binary target (src/main.rs, src/bin/*.rs or [[bin]]): a library has nothing to run in a container');
    return undefined;
  }
  const { bin } = picked;
  f.reasons.push({ file: bin.path, says: `binary "${bin.name}"` });
  if (NAME.test(bin.name)) propose(f, 'bin', bin.name, picked.why);
  else f.notes.push(`binary "${bin.name}" has characters the bin option refuses; set --set bin=<name>`);
  if (pkg !== root && pkg.name !== undefined && NAME.test(pkg.name))
    propose(f, 'package', pkg.name, `workspace member ${pkg.dir} owns binary "${bin.name}"`);
  if (bin.requiredFeatures.length > 0)
    propose(f, 'features', bin.requiredFeatures, `[[bin]] "${bin.name}" has required-features ${bin.requiredFeatures.join(', ')}`);

  const others = pkg.bins.filter((b) => b !== bin).map(binLabel);
  if (others.length > 0) f.notes.push(`other binaries in ${pkg.name}: ${others.join(', ')} (build one with --set bin=<name>)`);
  const members = [root, ...(ws?.members ?? [])].filter((m) => m !== pkg && m.name !== undefined && m.bins.length > 0);
  if (members.length > 0) {
    const list = members.map((m) => `${m.dir || '.'} (${m.bins.map((b) => b.name).join(', ')})`).join('; ');
    f.notes.push(
      `other workspace members with binaries: ${list}; build one with --set package=<name> --set bin=<name>, one Dockerfile per service`,
    );
  }
  return { pkg, bin };
}
