import { type Findings, ignoredBy, type ProjectView, propose } from '@dockstack/plugin-api';
import { programFacts, type ProgramFacts } from './facts.js';
import type { MainPackage } from './mains.js';
import { readProgram, type LocalModule } from './program.js';

function server(facts: ProgramFacts, read: string, partial: boolean, d: Findings): void {
  if (facts.server !== undefined) {
    propose(d, 'server', true, `${facts.server.file} ${facts.server.says}`, facts.server);
    if (facts.port !== undefined) {
      propose(d, 'port', facts.port.port, `${facts.port.file} ${facts.port.says}`);
    } else {
      d.why['port'] = 'no port literal found next to the listen call: 8080 (set --set port=N)';
    }
    d.notes.push(
      'no HEALTHCHECK by default: scratch and distroless have no shell or curl. Give the program a flag that probes its own endpoint and exits 0/1, then --set healthcheckCommand="/app -healthcheck"',
    );
  } else if (partial) {
    d.why['server'] = `no listen call in the ${read} read, but not every source file was read: assuming a server`;
  } else {
    propose(
      d,
      'server',
      false,
      `no ListenAndServe, net.Listen or framework start in the ${read} of the program: a run-to-completion program (no EXPOSE)`,
    );
  }
}

function certificates(facts: ProgramFacts, external: readonly string[], read: string, partial: boolean, d: Findings): void {
  const scratchOnly = ' (copied into scratch; distroless always has them)';
  if (facts.tls !== undefined) {
    propose(d, 'caCertificates', true, `${facts.tls.file} ${facts.tls.says}${scratchOnly}`, facts.tls);
  } else if (external.length > 0) {
    propose(
      d,
      'caCertificates',
      true,
      `go.mod requires ${external.length} module(s) whose code is not read; any of them may open TLS connections${scratchOnly}`,
    );
  } else if (partial) {
    propose(d, 'caCertificates', true, `not every source file was read; kept to be safe${scratchOnly}`);
  } else {
    propose(d, 'caCertificates', false, `no crypto/tls, crypto/x509 or net/http client use in the ${read}, and no external modules`);
  }
}

function timeZones(facts: ProgramFacts, d: Findings): void {
  if (facts.tzdataEmbedded !== undefined) {
    propose(d, 'timeZoneData', false, `${facts.tzdataEmbedded.file} ${facts.tzdataEmbedded.says}`, facts.tzdataEmbedded);
  } else if (facts.zoneinfo !== undefined) {
    const why = `${facts.zoneinfo.file} ${facts.zoneinfo.says} (scratch gets Go's zoneinfo.zip; distroless has tzdata)`;
    propose(d, 'timeZoneData', true, why, facts.zoneinfo);
  }
}

/** The lines of template/dockerignore.ejs that could hide a file the build embeds (`README*` only with ignoreReadme); edit both together. */
const IGNORED = [
  'README*',
  'bin/',
  '**/.env*',
  '**/*.pem',
  '**/*.key',
  '**/id_rsa*',
  '**/.netrc',
  '*.prof',
  '**/*.log',
  '**/*.test',
  'coverage.out',
  '.git',
];

function embeds(facts: ProgramFacts, d: Findings): void {
  for (const embed of facts.embeds) {
    const entry = ignoredBy(embed.says, IGNORED);
    if (entry === undefined) continue;
    if (entry === 'README*') {
      propose(d, 'ignoreReadme', false, `${embed.file} embeds ${embed.says}, so README* stays in the build context`);
    } else {
      d.notes.push(
        `${embed.file} embeds ${embed.says}, which the generated .dockerignore excludes (${entry}): the build fails until you move the file or edit .dockerignore deliberately`,
      );
    }
  }
}

/** Reads the chosen program (main package plus the project packages it imports) and sets the options it implies. */
export async function decideProgram(
  p: ProjectView,
  main: MainPackage,
  modules: readonly LocalModule[],
  external: readonly string[],
  d: Findings,
): Promise<void> {
  const program = await readProgram(p, main.dir, modules);
  const facts = programFacts(program.files);
  const read = `${program.files.length} file(s)`;
  server(facts, read, program.partial, d);
  certificates(facts, external, read, program.partial, d);
  timeZones(facts, d);
  embeds(facts, d);
  for (const file of facts.cgo.slice(0, 3)) {
    d.notes.push(
      `${file} imports "C" (cgo), but this stack builds with CGO_ENABLED=0 for a static binary: the build fails or drops the cgo code. Use a pure-Go alternative or a glibc runtime`,
    );
  }
  if (program.partial)
    d.notes.push(
      `the program has more than the ${program.files.length} source files read: server, CA and time zone choices err on the safe side`,
    );
}
