import type { Finding, Level, RuleId } from './types.js';

/** A rule `dockstack lint` checks, for docs and `--json` consumers. */
export interface RuleInfo {
  id: RuleId;
  level: Level;
  /** Short name. */
  title: string;
  /** What exactly is checked (and what is deliberately not). */
  doc: string;
}

const rule = (id: RuleId, level: Level, title: string, doc: string): RuleInfo => ({ id, level, title, doc });

/** Every machine-checkable E and W rule of QUALITY.md. P (policy) rules are not linted. */
export const RULES: readonly RuleInfo[] = [
  rule(
    'DS-03',
    'error',
    'Known, uppercase instructions; valid syntax',
    'Unknown instructions, lowercase or mixed-case keywords, and other syntax errors the builder rejects (reported by dockerfile-utils: wrong argument counts, unterminated quotes, bad SHELL/ONBUILD forms).',
  ),
  rule('DS-04', 'error', 'FROM first', 'At least one FROM; before the first FROM only parser directives, comments and ARG.'),
  rule(
    'DS-05',
    'error',
    'Known, single instruction flags',
    'No unknown or duplicated flags (`COPY --frm`), flags with missing or malformed values, unknown RUN flags or `--mount` types.',
  ),
  rule('DS-06', 'error', 'No empty continuation lines', 'A line continuation followed by an empty line is deprecated and hides mistakes.'),
  rule(
    'DS-07',
    'error',
    'key=value in ENV, ARG and LABEL',
    'The legacy `ENV key value` form is ambiguous with several words; always use `key=value`.',
  ),
  rule('DS-08', 'error', 'No MAINTAINER', 'MAINTAINER is deprecated; use `LABEL org.opencontainers.image.authors=...`.'),
  rule(
    'DS-09',
    'error',
    'JSON arrays use double quotes',
    'An argument that starts with `[` but is not a valid JSON array of strings (e.g. single quotes) silently becomes shell form.',
  ),
  rule(
    'DS-10',
    'error',
    'Base images carry a tag or digest',
    'Every external FROM (not a stage, not scratch) names a tag or digest after resolving ARG defaults, including ARGs that reference earlier ARGs.',
  ),
  rule('DS-11', 'error', 'No :latest', 'A `:latest` base image changes under you; pin a version.'),
  rule('DS-13', 'warning', 'Registry allow-list', 'Only when `allowedRegistries` is configured: base images come from those registries.'),
  rule(
    'DS-14',
    'error',
    'FROM variables have global defaults',
    'Every variable in FROM is a global ARG (before the first FROM) whose default resolves to a non-empty, valid image reference; BUILDPLATFORM and TARGET* are predefined.',
  ),
  rule(
    'DS-15',
    'error',
    'Sensible --platform',
    'No constant `FROM --platform=linux/amd64`, no redundant `--platform=$TARGETPLATFORM`; stages that cross-compile from TARGETOS/TARGETARCH start `FROM --platform=$BUILDPLATFORM`.',
  ),
  rule('DS-16', 'error', 'AS casing matches FROM', '`FROM x AS y` or `from x as y`, never mixed.'),
  rule(
    'DS-17',
    'error',
    'Stage names lowercase, unique, not reserved',
    'Stage names are lowercase, unique, and not `scratch` or `context`.',
  ),
  rule(
    'DS-18',
    'error',
    'COPY --from names an earlier stage',
    '`COPY --from=` and `RUN --mount=from=` name an earlier stage or a pinned image; an unknown name silently pulls `docker.io/library/<name>`.',
  ),
  rule(
    'DS-19',
    'warning',
    'No whole-filesystem COPY --from',
    '`COPY --from=<stage> / /` copies everything, including what the runtime stage must not contain.',
  ),
  rule(
    'DS-21',
    'error',
    'CMD and ENTRYPOINT in exec form',
    'Shell form runs under `/bin/sh -c`, which does not forward signals to the app.',
  ),
  rule('DS-22', 'error', 'One CMD, ENTRYPOINT and HEALTHCHECK per stage', 'Only the last one counts; the others are dead code.'),
  rule('DS-23', 'error', 'WORKDIR absolute', 'A relative WORKDIR depends on the previous one; use an absolute path.'),
  rule(
    'DS-24',
    'error',
    'Relative COPY destination after WORKDIR',
    'A relative COPY/ADD destination needs a WORKDIR earlier in the stage or its parent stages.',
  ),
  rule('DS-25', 'error', 'Several COPY sources need a directory destination', 'With several sources the destination must end with `/`.'),
  rule(
    'DS-26',
    'error',
    'COPY, not ADD, for local files',
    'ADD is for remote URLs (with --checksum) and local tar archives to extract; everything else uses COPY.',
  ),
  rule('DS-27', 'error', 'Valid EXPOSE', 'Ports 0-65535, lowercase `/tcp` or `/udp`, no `host:container` mappings.'),
  rule(
    'DS-28',
    'error',
    'Variables are defined',
    'Every `$VAR` outside shell-form RUN, CMD, ENTRYPOINT and HEALTHCHECK is defined by ARG or ENV earlier in the stage (or parent stages for ENV), or is a well-known base image variable such as PATH. Quoted heredoc bodies are literal.',
  ),
  rule('DS-29', 'error', 'Valid STOPSIGNAL', 'A signal name (`SIGTERM`, `SIGQUIT`, `SIGRTMIN+3`) or number 1-64.'),
  rule(
    'DS-30',
    'error',
    'Pipes fail fast',
    'A RUN with a pipe needs `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` or `set -o pipefail`, else a failing left side is ignored.',
  ),
  rule(
    'DS-31',
    'error',
    'apt-get done right',
    '`apt-get update` with `install` in the same RUN, `-y`, `--no-install-recommends`, and `rm -rf /var/lib/apt/lists/*` or cache mounts on /var/cache/apt and /var/lib/apt with sharing=locked; `apt-get`, not `apt`.',
  ),
  rule('DS-33', 'error', 'apk without cache', '`apk add --no-cache` or a cache mount on /var/cache/apk.'),
  rule(
    'DS-34',
    'error',
    'pip without cache, from requirements',
    '`pip install --no-cache-dir` (or a cache mount on /root/.cache/pip, or PIP_NO_CACHE_DIR) installing from requirements files, local paths or pinned `pkg==ver`.',
  ),
  rule(
    'DS-35',
    'error',
    'Lockfile installs',
    '`npm ci` (or an explicit `--no-package-lock` install), `npm install <pkg>@<ver>` pinned; yarn and pnpm with a frozen lockfile (or an explicit no-lockfile flag) plus a cache mount or a cache clean.',
  ),
  rule(
    'DS-36',
    'warning',
    'Other package managers pinned and clean',
    '`gem install x:ver` / `-v`, `go install x@ver`, yum/dnf/microdnf/zypper with `-y` and a clean (or cache mount).',
  ),
  rule(
    'DS-37',
    'error',
    'No sudo, cd or interactive tools',
    'No `sudo`, no `cd` (use WORKDIR), no ssh/vim/shutdown/service in RUN, and not both curl and wget in one file.',
  ),
  rule(
    'DS-38',
    'error',
    'ShellCheck-clean RUN bodies',
    "Every shell-form RUN (continuations joined, heredoc scripts included, --mount flags stripped) passes ShellCheck as sh (bash under a bash SHELL), with ARG and ENV names declared. ShellCheck's own level decides the severity: its errors are errors; its warnings, info and style notes are warnings.",
  ),
  rule(
    'DS-39',
    'warning',
    'Consecutive RUNs consolidated',
    'Two adjacent RUNs with the same flags in one stage make two layers where one would do.',
  ),
  rule(
    'DS-40',
    'error',
    'Final stage runs as a numeric non-root user',
    "The final stage (through its FROM <stage> chain) sets USER; the last USER is not root or 0 and is a numeric `UID:GID` (or `$APP_UID`, the .NET images' numeric user).",
  ),
  rule(
    'DS-42',
    'error',
    'No secrets in ARG or ENV',
    "ARG or ENV names that look like secrets (BuildKit's SecretsUsedInArgOrEnv pattern) end up in the image history; use `RUN --mount=type=secret`.",
  ),
  rule(
    'DS-43',
    'error',
    '.dockerignore complete and consistent',
    "A `.dockerignore` exists when the context is copied, excludes `.git`, `.env*`, keys and certificates, and no COPY/ADD source or bind-mount source is excluded by it (Docker's matching semantics).",
  ),
  rule('DS-44', 'error', 'Final stage has CMD or ENTRYPOINT', 'The final stage, or a stage it is built FROM, says what to run.'),
  rule(
    'DS-49',
    'error',
    'Remote downloads verified',
    '`ADD <url>` has `--checksum=sha256:...`; a RUN that downloads with curl or wget verifies with `sha256sum -c` (or gpg/cosign).',
  ),
];

const LEVELS = new Map<string, Level>(RULES.map((r) => [r.id, r.level]));

/** True when `id` is a rule this linter knows. */
export function isRuleId(id: string): id is RuleId {
  return LEVELS.has(id);
}

/** Builds a finding with the rule's level. */
export function finding(rule: RuleId, line: number, message: string, hint: string): Finding {
  const level = LEVELS.get(rule);
  if (!level) throw new Error(`unknown rule ${rule}`);
  return { rule, level, line, message, hint };
}
