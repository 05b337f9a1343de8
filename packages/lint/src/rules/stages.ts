import { flagValue, mounts, type Inst, type Model, type Stage } from '../model.js';
import { finding } from '../rules.js';
import { PLATFORM_ARGS, expandIn, globalScope, scopeAt } from '../scope.js';
import { scanVars } from '../vars.js';
import { parseImageRef } from '../image-ref.js';
import type { Finding, LintOptions } from '../types.js';

const RESERVED_STAGES = new Set(['scratch', 'context']);

function isStageRef(model: Model, stage: Stage, ref: string): boolean {
  return model.stages.some((s) => s.index < stage.index && s.name?.toLowerCase() === ref.toLowerCase());
}

/** DS-10, DS-11, DS-13, DS-14 on one FROM. */
function fromImage(model: Model, stage: Stage, options: LintOptions, out: Finding[]): void {
  const raw = stage.from.args[0];
  if (raw === undefined) return;
  const line = stage.from.line;
  const globals = globalScope(model);
  let unresolved = false;
  for (const ref of scanVars(raw, model.escape)) {
    if (PLATFORM_ARGS.includes(ref.name)) continue;
    const value = globals.get(ref.name);
    const defaulted = ref.modifier === ':-' || ref.modifier === '-';
    if (!globals.has(ref.name) && !defaulted) {
      out.push(
        finding(
          'DS-14',
          line,
          `FROM uses $${ref.name}, which no global ARG declares, so the image name depends on --build-arg.`,
          `Add \`ARG ${ref.name}=<default>\` before the first FROM.`,
        ),
      );
      unresolved = true;
    } else if ((value === null || value === '') && !defaulted) {
      out.push(
        finding(
          'DS-14',
          line,
          `FROM uses $${ref.name}, whose global ARG has no usable default, so a plain build fails.`,
          `Give it a non-empty default: \`ARG ${ref.name}=<value>\` (and check the ARGs it refers to).`,
        ),
      );
      unresolved = true;
    }
  }
  if (unresolved) return;
  const image = expandIn(model, raw, globals);
  if (image === undefined) return;
  if (isStageRef(model, stage, image) || image.toLowerCase() === 'scratch') return;
  const parsed = parseImageRef(image);
  if (!parsed) {
    if (raw.includes('$'))
      out.push(
        finding(
          'DS-14',
          line,
          `FROM resolves to "${image}", which is not a valid image reference.`,
          'Fix the global ARG defaults so they form `name:tag`.',
        ),
      );
    return;
  }
  if (!parsed.tag && !parsed.digest)
    out.push(
      finding(
        'DS-10',
        line,
        `Base image "${image}" has no tag or digest, so it silently means :latest and changes under you.`,
        `Pin a version, e.g. \`${image}:<version>\`.`,
      ),
    );
  if (parsed.tag === 'latest')
    out.push(
      finding(
        'DS-11',
        line,
        `Base image "${image}" uses :latest, so rebuilds are not reproducible.`,
        'Pin a specific version tag (and optionally a digest).',
      ),
    );
  if (options.allowedRegistries && !options.allowedRegistries.includes(parsed.registry)) {
    out.push(
      finding(
        'DS-13',
        line,
        `Base image "${image}" comes from ${parsed.registry}, which is not in the allowed registries.`,
        `Use an image from ${options.allowedRegistries.join(', ')}, or a mirror ARG.`,
      ),
    );
  }
}

const CROSS = /\b(?:GOOS|GOARCH)=["']?\$\{?TARGET(?:OS|ARCH)\b|\s(?:-a|--arch)\s+["']?\$\{?TARGETARCH\b/;

/** DS-15: --platform usage. */
function platform(model: Model, stage: Stage, out: Finding[]): void {
  const value = flagValue(stage.from, 'platform');
  const line = stage.from.line;
  if (value !== undefined) {
    if (!value.includes('$'))
      out.push(
        finding(
          'DS-15',
          line,
          `FROM --platform=${value} is a constant, so builds for other platforms get the wrong (emulated) image.`,
          'Drop the flag, or use --platform=$BUILDPLATFORM for cross-compiling stages.',
        ),
      );
    else if (/^\$\{?TARGETPLATFORM\}?$/.test(value))
      out.push(finding('DS-15', line, '--platform=$TARGETPLATFORM is the default and only adds noise.', 'Remove the flag.'));
  }
  const crossBuilds = stage.insts.some((i) => (i.keyword === 'RUN' || i.keyword === 'ENV') && CROSS.test(` ${i.node.getTextContent()}`));
  if (crossBuilds && (value === undefined || !/\$\{?BUILDPLATFORM\b/.test(value))) {
    out.push(
      finding(
        'DS-15',
        line,
        'This stage cross-compiles for TARGETOS/TARGETARCH but runs under emulation on the target platform.',
        'Start it with `FROM --platform=$BUILDPLATFORM`.',
      ),
    );
  }
}

/** DS-16, DS-17: AS casing and stage names. */
function naming(model: Model, stage: Stage, out: Finding[]): void {
  const as = stage.from.args[1];
  const line = stage.from.line;
  if (as !== undefined && as.toUpperCase() === 'AS') {
    const fromUpper = stage.from.written === stage.from.written.toUpperCase();
    if ((fromUpper && as !== 'AS') || (!fromUpper && as !== 'as'))
      out.push(
        finding(
          'DS-16',
          line,
          `"${stage.from.written} ... ${as}" mixes casing.`,
          fromUpper ? 'Write `AS` in uppercase.' : 'Write `as` in lowercase like `from`.',
        ),
      );
  }
  const name = stage.name;
  if (name === undefined) return;
  if (name !== name.toLowerCase())
    out.push(
      finding(
        'DS-17',
        line,
        `Stage name "${name}" is not lowercase; references are case-insensitive and this confuses readers and tools.`,
        `Rename it to "${name.toLowerCase()}".`,
      ),
    );
  if (RESERVED_STAGES.has(name.toLowerCase()))
    out.push(finding('DS-17', line, `Stage name "${name}" is reserved.`, 'Pick a role name such as base, deps, build or runtime.'));
  if (model.stages.some((s) => s.index < stage.index && s.name?.toLowerCase() === name.toLowerCase()))
    out.push(finding('DS-17', line, `Stage name "${name}" is already used by an earlier stage.`, 'Give every stage a unique name.'));
}

/** DS-18, DS-19: COPY --from and RUN --mount=from= name earlier stages or pinned images. */
function fromRefs(model: Model, inst: Inst, out: Finding[]): void {
  const refs: string[] = [];
  if (inst.keyword === 'COPY') {
    const v = flagValue(inst, 'from');
    if (v !== undefined) refs.push(v);
  }
  if (inst.keyword === 'RUN') for (const m of mounts(inst)) if (m.has('from')) refs.push(m.get('from') ?? '');
  for (const raw of refs) {
    const ref = raw.includes('$') ? expandIn(model, raw, scopeAt(model, inst)) : raw;
    if (ref === undefined || ref === '') continue;
    const lower = ref.toLowerCase();
    const index = /^\d+$/.test(ref) ? Number(ref) : model.stages.findIndex((s) => s.name?.toLowerCase() === lower);
    if (index === inst.stage)
      out.push(finding('DS-18', inst.line, `--from=${ref} refers to the stage it is in.`, 'Copy from an earlier stage.'));
    else if (index > inst.stage)
      out.push(
        finding(
          'DS-18',
          inst.line,
          `--from=${ref} refers to a later stage, which is not built yet.`,
          'Reorder the stages or copy from an earlier one.',
        ),
      );
    else if (index < 0) {
      const parsed = parseImageRef(ref);
      if (!parsed || (!parsed.digest && (!parsed.tag || parsed.tag === 'latest'))) {
        out.push(
          finding(
            'DS-18',
            inst.line,
            `--from=${ref} is not an earlier stage, so BuildKit pulls an image of that name.`,
            'Name an earlier stage, or a pinned image such as `name:1.2`.',
          ),
        );
      }
    }
  }
  if (
    inst.keyword === 'COPY' &&
    flagValue(inst, 'from') !== undefined &&
    inst.args.length === 2 &&
    inst.args[0] === '/' &&
    inst.args[1] === '/'
  ) {
    out.push(
      finding(
        'DS-19',
        inst.line,
        'COPY --from=... / / copies the whole filesystem of that stage.',
        'Copy only the directories the runtime needs.',
      ),
    );
  }
}

/** Base images, platforms, stage names and cross-stage references (DS-10..DS-19). */
export function stageFindings(model: Model, options: LintOptions): Finding[] {
  const out: Finding[] = [];
  for (const stage of model.stages) {
    fromImage(model, stage, options, out);
    platform(model, stage, out);
    naming(model, stage, out);
    for (const inst of stage.insts) fromRefs(model, inst, out);
  }
  return out;
}
