/** What a .cabal file says that the Dockerfile needs (a field scan of the cabal format, not Cabal's parser). */
export interface CabalFacts {
  /** Package names of every `build-depends:` in the file, versions dropped. */
  depends: string[];
  /** `executable <name>` stanzas, in order. */
  executables: string[];
  /** GHC versions of `tested-with:`. */
  testedWith: string[];
  name?: string;
  license?: string;
  homepage?: string;
  /** `location:` of the first `source-repository` stanza. */
  repository?: string;
}

/** Packages that ship with GHC: an executable that needs only these needs no `cabal update`. */
export const GHC_BOOT_PACKAGES = new Set([
  'base',
  'ghc-prim',
  'ghc-bignum',
  'integer-gmp',
  'array',
  'binary',
  'bytestring',
  'Cabal',
  'Cabal-syntax',
  'containers',
  'deepseq',
  'directory',
  'exceptions',
  'file-io',
  'filepath',
  'ghc',
  'ghc-boot',
  'ghc-boot-th',
  'ghc-compact',
  'ghc-heap',
  'ghci',
  'haskeline',
  'hpc',
  'mtl',
  'os-string',
  'parsec',
  'pretty',
  'process',
  'rts',
  'semaphore-compat',
  'stm',
  'template-haskell',
  'terminfo',
  'text',
  'time',
  'transformers',
  'unix',
  'xhtml',
]);

/** Top-level and stanza fields: `key: value` with indented continuation lines joined. */
function fields(text: string): Array<{ stanza: string; key: string; value: string }> {
  const out: Array<{ stanza: string; key: string; value: string }> = [];
  let stanza = '';
  let current: { stanza: string; key: string; value: string; indent: number } | undefined;
  for (const raw of text.replace(/\r\n/g, '\n').split('\n')) {
    const line = raw.replace(/^(\s*)--.*$/, '$1');
    if (line.trim() === '') continue;
    const indent = /^\s*/.exec(line)?.[0].length ?? 0;
    if (current !== undefined && indent > current.indent && !/^\s*[A-Za-z][A-Za-z0-9-]*\s*:/.test(line)) {
      current.value += ' ' + line.trim();
      continue;
    }
    const field = /^(\s*)([A-Za-z][A-Za-z0-9-]*)\s*:(.*)$/.exec(line);
    if (field !== null) {
      current = { stanza: indent === 0 ? '' : stanza, key: (field[2] ?? '').toLowerCase(), value: (field[3] ?? '').trim(), indent };
      out.push(current);
      continue;
    }
    if (indent === 0) {
      stanza = line.trim().replace(/\s+/g, ' ').toLowerCase();
      current = undefined;
    }
  }
  return out;
}

export function parseCabal(text: string): CabalFacts {
  const all = fields(text);
  const top = (key: string): string | undefined => all.find((f) => f.stanza === '' && f.key === key)?.value || undefined;
  const executables = [...text.matchAll(/^executable\s+([A-Za-z][A-Za-z0-9_-]*)\s*$/gim)].map((m) => m[1] ?? '');
  const depends = new Set<string>();
  for (const f of all.filter((x) => x.key === 'build-depends'))
    for (const part of f.value.replace(/:\s*\{[^}]*\}/g, '').split(','))
      for (const name of part.trim().match(/^[A-Za-z][A-Za-z0-9-]*(?::[A-Za-z][A-Za-z0-9-]*)?/) ?? [])
        depends.add(name.split(':')[0] ?? name);
  const repository = all.find((f) => f.stanza.startsWith('source-repository') && f.key === 'location')?.value;
  const testedWith = [...(top('tested-with') ?? '').matchAll(/ghc\s*(?:==|>=)?\s*(9\.\d+(?:\.\d+)?)/gi)].map((m) => m[1] ?? '');
  const name = top('name');
  const license = top('license');
  const homepage = top('homepage');
  return {
    ...(name === undefined ? {} : { name }),
    ...(license === undefined ? {} : { license }),
    ...(homepage === undefined ? {} : { homepage }),
    ...(repository === undefined ? {} : { repository }),
    executables,
    depends: [...depends],
    testedWith,
  };
}

/** cabal.project: `packages:` globs/dirs and `with-compiler: ghc-9.10`. */
export function parseCabalProject(text: string): { packages: string[]; compiler?: string } {
  const all = fields(text);
  const packages = (all.find((f) => f.key === 'packages')?.value ?? '').split(/[\s,]+/).filter((s) => s !== '');
  const compiler = /ghc-?(9\.\d+(?:\.\d+)?)/.exec(all.find((f) => f.key === 'with-compiler')?.value ?? '')?.[1];
  return { packages, ...(compiler === undefined ? {} : { compiler }) };
}

/** The newest of some dotted versions. */
export function newest(versions: string[]): string | undefined {
  const num = (v: string): number[] => v.split('.').map(Number);
  return [...versions].sort((a, b) => {
    const x = num(a);
    const y = num(b);
    for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? -1) !== (y[i] ?? -1)) return (y[i] ?? -1) - (x[i] ?? -1);
    return 0;
  })[0];
}
