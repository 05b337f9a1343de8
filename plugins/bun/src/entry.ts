import { firstExisting, type PackageJson, type ProjectView, scripts, sourcePath } from '@dockstack/plugin-api';

const COMMAND = /^[A-Za-z0-9_./:@=+-]+( [A-Za-z0-9_./:@=+-]+)*$/;
const CANDIDATES = [
  'index.ts',
  'src/index.ts',
  'server.ts',
  'src/server.ts',
  'app.ts',
  'src/app.ts',
  'main.ts',
  'src/main.ts',
  'index.js',
  'src/index.js',
  'server.js',
  'src/server.js',
];

/** `./src/x.ts` -> `src/x.ts`, when it is a plain relative path inside the project. */
export const cleanEntry = (path: string): string | undefined => sourcePath(path, ['ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'mts', 'cts']);

export interface CompileScript {
  script: string;
  entry?: string;
}

/** The source file a `bun build <file> ...` command line bundles. */
export function bunBuildEntry(cmd: string): string | undefined {
  const at = cmd.indexOf('bun build');
  if (at === -1) return undefined;
  const words =
    cmd
      .slice(at + 'bun build'.length)
      .split(/\s*(?:&&|\|\||;)\s*/)[0]
      ?.split(/\s+/)
      .filter(Boolean) ?? [];
  const positional = words.find(
    (w, i) => !w.startsWith('-') && !/^--(outfile|outdir|target|define|external|format|root|public-path)$/.test(words[i - 1] ?? ''),
  );
  return positional === undefined ? undefined : cleanEntry(positional);
}

/** A package.json script that runs `bun build --compile`, and the file it compiles. */
export function compileScript(pkg: PackageJson): CompileScript | undefined {
  for (const [name, cmd] of Object.entries(scripts(pkg))) {
    if (!/\bbun build\b/.test(cmd) || !/--compile\b/.test(cmd)) continue;
    const entry = bunBuildEntry(cmd);
    return { script: name, ...(entry === undefined ? {} : { entry }) };
  }
  return undefined;
}

export interface StartChoice {
  /** The entry file, when one was found. */
  entry?: string;
  /** A start command other than `bun run <entry>`; undefined when that default fits. */
  command?: string;
  why: string;
  note?: string;
}

/**
 * Reads the start script: `bun [run] [--flags] <file>` names the entry; other simple commands are kept as they are.
 * A leading `NODE_ENV=production` (bun init --react's `NODE_ENV=production bun src/index.ts`) is what the runtime
 * image sets already, so it is dropped; any other leading assignment needs a shell (an exec-form CMD would run
 * the assignment as the program), so such a script runs through `bun run start`.
 */
function fromStartScript(start: string): StartChoice | undefined {
  const trimmed = start.trim().replace(/^NODE_ENV=production\s+/, '');
  const direct = /^bun(?: run)?((?: --[a-z-]+)*) (\S+)$/.exec(trimmed);
  if (direct?.[2] !== undefined) {
    const entry = cleanEntry(direct[2]);
    if (entry !== undefined) {
      if (/--(watch|hot)\b/.test(direct[1] ?? ''))
        return { entry, why: `the start script runs ${entry} (its --watch/--hot flag is for development and is dropped)` };
      return direct[1] === ''
        ? { entry, why: `the start script runs ${entry}` }
        : { entry, command: trimmed.replace(/^bun run /, 'bun '), why: `the start script \`${trimmed}\`` };
    }
  }
  if (COMMAND.test(trimmed) && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(trimmed) && trimmed.length <= 200)
    return { command: trimmed, why: `the start script \`${trimmed}\`` };
  return {
    command: 'bun run start',
    why: 'the start script uses shell syntax, so it runs through `bun run start`',
    note: `the start script \`${trimmed.slice(0, 80)}\` needs a shell: the container runs \`bun run start\`, whose shell sits between tini and the app; a plain \`bun <file>\` start script avoids it`,
  };
}

/** The entry file and start command: start script, then `module`, `main`, then common file names. */
export async function chooseStart(p: ProjectView, pkg: PackageJson): Promise<StartChoice> {
  const start = scripts(pkg)['start'];
  const fromScript = start === undefined ? undefined : fromStartScript(start);
  if (fromScript?.entry !== undefined) return fromScript;
  for (const field of ['module', 'main'] as const) {
    const value = pkg[field];
    const entry = typeof value === 'string' ? cleanEntry(value) : undefined;
    if (entry !== undefined && (await p.exists(entry)))
      return { ...fromScript, entry, why: fromScript?.why ?? `package.json \`${field}\` is ${entry}` };
  }
  const entry = await firstExisting(p, CANDIDATES);
  if (entry !== undefined) return { ...fromScript, entry, why: fromScript?.why ?? `${entry} exists` };
  return (
    fromScript ?? {
      why: 'no start script, module, main or index file: the default entry index.ts',
      note: 'no entry file found (start script, `module`, `main`, index.ts, src/index.ts...): set --set entrypoint=<file>',
    }
  );
}
