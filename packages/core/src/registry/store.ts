import { lstat, mkdir, mkdtemp, readFile, readdir, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import semver from 'semver';
import { DockstackError } from '../errors.js';

const require = createRequire(import.meta.url);

/** One installed stack version: `<data>/stacks/<package>@<version>/`. */
export interface InstalledEntry {
  package: string;
  version: string;
  /** `package.json#dockstack.id`, when readable. */
  id?: string;
  dir: string;
}

const ENTRY = /^(.+)@(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?)$/;

/**
 * The install store under the data dir. Versions live side by side as
 * `stacks/<package>@<version>/` (scoped: `stacks/@scope/<name>@<version>/`); new installs
 * are unpacked into `stacks/.staging-*` and renamed into place only once checked;
 * `links.json` maps ids to local folders registered with `stacks link`.
 */
export class StackStore {
  constructor(readonly dataDir: string) {}

  get stacksDir(): string {
    return path.join(this.dataDir, 'stacks');
  }

  /** The folder of one installed version. */
  dirFor(packageName: string, version: string): string {
    return path.join(this.stacksDir, ...`${packageName}@${version}`.split('/'));
  }

  /** Every installed version, sorted by package then semver. */
  async list(): Promise<InstalledEntry[]> {
    const out: InstalledEntry[] = [];
    const scan = async (dir: string, scope: string | undefined): Promise<void> => {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        return;
      }
      for (const name of names) {
        if (name.startsWith('.') || name === 'node_modules') continue;
        if (scope === undefined && name.startsWith('@')) {
          await scan(path.join(dir, name), name);
          continue;
        }
        const m = ENTRY.exec(name);
        if (m === null) continue;
        const packageName = scope === undefined ? (m[1] as string) : `${scope}/${m[1] as string}`;
        const entryDir = path.join(dir, name);
        out.push({ package: packageName, version: m[2] as string, dir: entryDir, ...(await readId(entryDir)) });
      }
    };
    await scan(this.stacksDir, undefined);
    return out.sort((a, b) => a.package.localeCompare(b.package) || semver.compare(a.version, b.version));
  }

  /** A fresh, empty staging folder on the same file system as the store (so activation is a rename). */
  async stage(): Promise<string> {
    await mkdir(this.stacksDir, { recursive: true });
    return mkdtemp(path.join(this.stacksDir, '.staging-'));
  }

  /** Moves a checked staging folder into place; refuses to replace an existing version. */
  async activate(staging: string, packageName: string, version: string): Promise<string> {
    const target = this.dirFor(packageName, version);
    await mkdir(path.dirname(target), { recursive: true });
    if (await exists(target)) throw new DockstackError('E_WRITE', `${packageName}@${version} is already installed at ${target}`);
    await rename(staging, target);
    return target;
  }

  /** Removes one installed version (and an emptied scope folder). */
  async remove(entry: InstalledEntry): Promise<void> {
    await rm(entry.dir, { recursive: true, force: true });
    if (entry.package.startsWith('@')) await rm(path.dirname(entry.dir), { recursive: false }).catch(() => undefined);
  }

  /**
   * Makes `@dockstack/plugin-api` resolvable from installed stacks (their detectors
   * import it as a peer) by linking `stacks/node_modules/@dockstack/plugin-api` to the
   * copy this dockstack runs with. Re-pointed when dockstack moved.
   */
  async linkPluginApi(): Promise<void> {
    const target = path.dirname(path.dirname(require.resolve('@dockstack/plugin-api')));
    const link = path.join(this.stacksDir, 'node_modules', '@dockstack', 'plugin-api');
    const current = await readlink(link).catch(() => undefined);
    if (current === target) return;
    await mkdir(path.dirname(link), { recursive: true });
    await rm(link, { recursive: true, force: true });
    await symlink(target, link, 'junction');
  }

  private get linksFile(): string {
    return path.join(this.dataDir, 'links.json');
  }

  /** Stack id -> absolute folder, registered with `stacks link`. */
  async links(): Promise<Record<string, string>> {
    try {
      const data = JSON.parse(await readFile(this.linksFile, 'utf8')) as unknown;
      return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, string>) : {};
    } catch {
      return {};
    }
  }

  /** Replaces the link table (sorted, written atomically). */
  async writeLinks(links: Record<string, string>): Promise<void> {
    await mkdir(this.dataDir, { recursive: true });
    const sorted = Object.fromEntries(Object.entries(links).sort(([a], [b]) => a.localeCompare(b)));
    const tmp = `${this.linksFile}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(sorted, null, 2)}\n`);
    await rename(tmp, this.linksFile);
  }
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

async function readId(dir: string): Promise<{ id?: string }> {
  try {
    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { dockstack?: { id?: unknown } };
    return typeof pkg.dockstack?.id === 'string' ? { id: pkg.dockstack.id } : {};
  } catch {
    return {};
  }
}
