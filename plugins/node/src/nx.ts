// An Nx project without a package.json of its own (an "integrated" Nx workspace: `project.json` under the
// project's folder, every dependency in the root package.json), built from the workspace root by its
// `build` target.
import { evidence, get, propose, stringOf, type Findings, type ProjectView } from '@dockstack/plugin-api';

/** What the project's `project.json` says about building and running it. */
export interface NxProject {
  name: string;
  executor: string;
  outputPath: string;
  /** The build target's `main` (workspace-relative). */
  main: string;
  /** The program in `outputPath` that `node` runs, when the executor's output layout is known. */
  entry: string | undefined;
  generatePackageJson: boolean;
}

/** Executors whose output puts the entry at `<outputPath>/<main's base name>.js` (bundlers). */
const BUNDLERS = ['@nx/esbuild:esbuild', '@nx/webpack:webpack', '@nx/rspack:rspack'];
/** Executors that compile each file and keep the project-relative layout (`<outputPath>/src/main.js`). */
const COMPILERS = ['@nx/js:tsc', '@nx/js:swc'];

/**
 * The Nx project in `p` (the member folder), read with the workspace root: `project.json` with a `build`
 * target and an application project type (or none), in a root with `nx.json`; undefined otherwise.
 */
export async function nxProject(p: ProjectView, ws: { root: ProjectView; member: string }): Promise<NxProject | undefined> {
  if (!(await ws.root.exists('nx.json'))) return undefined;
  const project = await p.readJsonc<unknown>('project.json');
  if (project === undefined) return undefined;
  const type = stringOf(get(project, 'projectType'));
  if (type !== undefined && type !== 'application') return undefined;
  const build = get(project, 'targets', 'build');
  const executor = stringOf(get(build, 'executor'));
  if (executor === undefined) return undefined;
  const outputPath = stringOf(get(build, 'options', 'outputPath')) ?? `dist/${ws.member}`;
  const main = stringOf(get(build, 'options', 'main')) ?? '';
  const ext = stringOf(get(build, 'options', 'esbuildOptions', 'outExtension', '.js')) ?? '.js';
  let entry: string | undefined;
  if (main !== '' && BUNDLERS.includes(executor))
    entry = `${(main.split('/').pop() ?? main).replace(/\.[cm]?[jt]sx?$/, '')}${executor === '@nx/esbuild:esbuild' ? ext : '.js'}`;
  else if (main !== '' && COMPILERS.includes(executor) && main.startsWith(`${ws.member}/`))
    entry = main.slice(ws.member.length + 1).replace(/\.[cm]?tsx?$/, '.js');
  return {
    name: stringOf(get(project, 'name')) ?? ws.member.split('/').pop() ?? ws.member,
    executor,
    main,
    outputPath: outputPath.replace(/^\.\/+/, '').replace(/\/+$/, ''),
    entry,
    generatePackageJson: get(build, 'options', 'generatePackageJson') === true,
  };
}

/** The options an Nx project implies; the start command replaces whatever the root package.json suggested. */
export async function proposeNx(p: ProjectView, f: Findings, nx: NxProject, member: string): Promise<void> {
  evidence(f, 'project.json', `Nx project "${nx.name}", build executor ${nx.executor}`);
  propose(
    f,
    'nxProject',
    nx.name,
    `${member}/project.json: Nx project "${nx.name}"; the build runs \`nx run ${nx.name}:build\` (${nx.executor})`,
  );
  propose(f, 'appName', nx.name, `the image runs the Nx project "${nx.name}" (the root package.json names the whole workspace)`);
  propose(f, 'nxOutput', nx.outputPath, `the build target's outputPath is ${nx.outputPath}: the runtime holds that folder only`);
  propose(
    f,
    'nxPackageJson',
    nx.generatePackageJson,
    nx.generatePackageJson
      ? "generatePackageJson: the build writes the project's package.json and pruned lockfile, and the production install takes those"
      : "no generatePackageJson: the production install takes the workspace root's dependencies",
  );
  // The root package.json's scripts and the workspace member settings say nothing about this project.
  for (const key of ['buildScript', 'buildMembers', 'workspaceFocus', 'startDir', 'standalone', 'startCommand', 'server', 'healthcheck']) {
    delete f.options[key];
    delete f.why[key];
  }
  if (nx.entry === undefined) {
    f.notes.push(
      `${member}: the output layout of the ${nx.executor} executor is not known to the node stack; set --set startCommand="node <file in ${nx.outputPath}>"`,
    );
    return;
  }
  propose(f, 'startCommand', `node ${nx.entry}`, `${nx.executor} writes the project's main (${nx.main}) as ${nx.outputPath}/${nx.entry}`);
  const source = nx.main.startsWith(`${member}/`) ? await p.readText(nx.main.slice(member.length + 1)) : undefined;
  if (source !== undefined && !/\.listen\s*\(|createServer\s*\(/.test(source)) {
    propose(f, 'server', false, `${nx.main} never calls listen() or createServer(): a run-to-completion program`);
    f.options['healthcheck'] = false;
  }
}
