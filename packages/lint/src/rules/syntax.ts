import { ValidationCode, validate } from 'dockerfile-utils';
import type { Env } from 'dockerfile-ast';
import type { Model } from '../model.js';
import { finding } from '../rules.js';
import type { Finding, RuleId } from '../types.js';

const C = ValidationCode;
const FLAG_CODES = [
  C.FLAG_AT_LEAST_ONE,
  C.FLAG_DUPLICATE,
  C.FLAG_INVALID_DURATION,
  C.FLAG_LESS_THAN_1MS,
  C.FLAG_MISSING_DURATION,
  C.FLAG_MISSING_VALUE,
  C.FLAG_UNKNOWN_UNIT,
  C.UNKNOWN_ADD_FLAG,
  C.UNKNOWN_COPY_FLAG,
  C.UNKNOWN_FROM_FLAG,
  C.UNKNOWN_HEALTHCHECK_FLAG,
  C.UNKNOWN_TYPE,
  C.FLAG_INVALID_FROM_VALUE,
  C.FLAG_EXPECTED_BOOLEAN_VALUE,
];

/** dockerfile-utils codes -> rule and fix hint. Codes not listed are generic syntax errors (DS-03). */
const MAP = new Map<number, [RuleId, string]>([
  [C.CASING_INSTRUCTION, ['DS-03', 'Write instruction keywords in uppercase.']],
  [C.UNKNOWN_INSTRUCTION, ['DS-03', 'Use a Dockerfile instruction (FROM, RUN, COPY, ...); check the spelling.']],
  [C.NO_SOURCE_IMAGE, ['DS-04', 'Start the build with FROM; only ARG may come before it.']],
  ...FLAG_CODES.map(
    (c) => [c, ['DS-05', 'Use only the flags the instruction documents, each once, with a valid value.']] as [number, [RuleId, string]],
  ),
  [C.EMPTY_CONTINUATION_LINE, ['DS-06', 'Remove the empty line inside the continued instruction.']],
  [C.SYNTAX_MISSING_EQUALS, ['DS-07', 'Write `key=value`.']],
  [C.SYNTAX_MISSING_NAMES, ['DS-07', 'Write `key=value`.']],
  [C.DEPRECATED_MAINTAINER, ['DS-08', 'Replace MAINTAINER with `LABEL org.opencontainers.image.authors="..."`.']],
  [C.JSON_IN_SINGLE_QUOTES, ['DS-09', 'Use double quotes inside the JSON array.']],
  [C.INVALID_REFERENCE_FORMAT, ['DS-10', 'Write the image as `name:tag` or `name@sha256:digest`.']],
  [C.BASE_NAME_EMPTY, ['DS-14', 'Declare the variable in a global ARG with a non-empty default before the first FROM.']],
  [C.DUPLICATE_BUILD_STAGE_NAME, ['DS-17', 'Give every stage a unique lowercase name.']],
  [C.INVALID_BUILD_STAGE_NAME, ['DS-17', 'Stage names start with a letter and use only lowercase letters, digits, `-`, `_` and `.`.']],
  [C.INVALID_AS, ['DS-17', 'Write `FROM image AS name`.']],
  [C.MULTIPLE_INSTRUCTIONS, ['DS-22', 'Keep only the last one; the earlier ones have no effect.']],
  [C.WORKDIR_IS_NOT_ABSOLUTE, ['DS-23', 'Use an absolute path such as `/app`.']],
  [C.INVALID_DESTINATION, ['DS-25', 'End the destination with `/` when copying several sources.']],
  [C.INVALID_PORT, ['DS-27', 'Use a port number from 0 to 65535.']],
  [C.INVALID_PROTO, ['DS-27', 'Use `/tcp` or `/udp` in lowercase.']],
  [C.INVALID_SIGNAL, ['DS-29', 'Use a signal name such as SIGTERM or a number.']],
]);

/**
 * Instructions above which dockerfile-utils' validate() is skipped: it resolves every variable
 * against every instruction (quadratic), so 20,000 RUN lines took minutes. dockstack's own rules
 * still run on every instruction.
 */
export const VALIDATOR_MAX_INSTRUCTIONS = 2_000;

/** The note lint prints when the validator was skipped. */
export function validatorSkippedNote(model: Model): string | undefined {
  const count = model.preamble.length + model.insts.length;
  return count > VALIDATOR_MAX_INSTRUCTIONS
    ? `dockerfile-utils syntax checks skipped: ${count} instructions (more than ${VALIDATOR_MAX_INSTRUCTIONS})`
    : undefined;
}

/** Syntax-level problems reported by dockerfile-utils' validate(), mapped to DS ids. */
export function validatorFindings(model: Model): Finding[] {
  if (validatorSkippedNote(model) !== undefined) return [];
  return validate(model.text).flatMap((d) => {
    if (d.code === C.CASING_DIRECTIVE) return [];
    const [rule, hint] =
      MAP.get(Number(d.code)) ?? (['DS-03', 'Fix the syntax so the builder accepts the instruction.'] as [RuleId, string]);
    const text = typeof d.message === 'string' ? d.message : d.message.value;
    const message = text.endsWith('.') ? text : `${text}.`;
    return [finding(rule, d.range.start.line + 1, message, hint)];
  });
}

const RUN_FLAGS = new Set(['mount', 'network', 'security']);
const MOUNT_TYPES = new Set(['bind', 'cache', 'tmpfs', 'secret', 'ssh']);

/** DS-04, DS-05 (RUN flags, which dockerfile-utils does not check), DS-07, DS-08, DS-09. */
export function structureFindings(model: Model): Finding[] {
  const out: Finding[] = [];
  if (model.stages.length === 0)
    out.push(finding('DS-04', 1, 'The file has no FROM, so there is nothing to build.', 'Add `FROM image:tag` after the global ARGs.'));
  for (const inst of model.preamble) {
    if (inst.keyword !== 'ARG')
      out.push(
        finding(
          'DS-04',
          inst.line,
          `${inst.keyword} before the first FROM is not allowed; only ARG may come first.`,
          'Move it after a FROM.',
        ),
      );
  }
  for (const inst of model.insts) {
    if (inst.keyword === 'RUN') {
      const seen = new Set<string>();
      for (const flag of inst.flags) {
        const name = flag.getName();
        if (!RUN_FLAGS.has(name))
          out.push(finding('DS-05', flag.getRange().start.line + 1, `RUN has no --${name} flag.`, 'Use --mount, --network or --security.'));
        else if (name !== 'mount' && seen.has(name))
          out.push(finding('DS-05', flag.getRange().start.line + 1, `--${name} is given twice.`, 'Keep one.'));
        seen.add(name);
        if (name === 'mount') {
          const type = flag.getOption('type')?.getValue() ?? 'bind';
          const target = flag.getOption('target') ?? flag.getOption('dst') ?? flag.getOption('destination');
          if (!MOUNT_TYPES.has(type))
            out.push(
              finding(
                'DS-05',
                flag.getRange().start.line + 1,
                `--mount type=${type} is not a mount type.`,
                'Use bind, cache, tmpfs, secret or ssh.',
              ),
            );
          else if (['bind', 'cache', 'tmpfs'].includes(type) && !target?.getValue())
            out.push(
              finding(
                'DS-05',
                flag.getRange().start.line + 1,
                `--mount type=${type} has no target, so the build fails.`,
                'Add target=<path in the container>.',
              ),
            );
        }
      }
    }
    // ARG has no legacy form: `ARG A B` declares two names.
    if (inst.keyword === 'ENV' || inst.keyword === 'LABEL') {
      for (const p of (inst.node as Env).getProperties()) {
        if (p.getValue() !== null && p.getAssignmentOperator() === null) {
          out.push(
            finding(
              'DS-07',
              inst.line,
              `${inst.keyword} ${p.getName()} uses the legacy space-separated form.`,
              `Write \`${inst.keyword} ${p.getName()}=<value>\`.`,
            ),
          );
        }
      }
    }
    if (inst.keyword === 'MAINTAINER')
      out.push(
        finding(
          'DS-08',
          inst.line,
          'MAINTAINER is deprecated and not part of the image config consumers read.',
          'Use `LABEL org.opencontainers.image.authors="..."`.',
        ),
      );
    if (['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'VOLUME', 'COPY', 'ADD'].includes(inst.keyword) && inst.heredocs.length === 0) {
      // The raw text, not the parsed words: the parser unescapes `\"`, which would make valid JSON look invalid.
      const raw = inst.node.getRawArgumentsContent();
      const text = (raw === null ? inst.args.join(' ') : raw.replace(/\\\r?\n/g, ' ')).trim();
      if (text.startsWith('[') && !validJsonArray(text)) {
        out.push(
          finding(
            'DS-09',
            inst.line,
            `${inst.keyword} looks like a JSON array but is not valid JSON, so it silently runs in shell form.`,
            'Use double quotes: ["executable", "arg"].',
          ),
        );
      }
    }
  }
  return out;
}

function validJsonArray(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) && v.every((x) => typeof x === 'string');
  } catch {
    return false;
  }
}
