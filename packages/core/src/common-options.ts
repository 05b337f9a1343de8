import { DockstackError } from './errors.js';
import common from './schemas/common-options.json' with { type: 'json' };

/** The `$ref` prefix a stack's schema uses for the shared options: `dockstack:common-options#/$defs/<name>`. */
export const COMMON_OPTIONS_REF = `${common.$id}#/$defs/`;

const DEFS: Readonly<Record<string, Record<string, unknown>>> = common.$defs;

/** Names of the options every stack shares (syntax, registry, appName, sourceUrl, license, port). */
export const COMMON_OPTIONS: readonly string[] = Object.keys(DEFS);

/**
 * The schema with every property `{ "$ref": "dockstack:common-options#/$defs/<name>", ...own }`
 * replaced by the shared definition under the stack's own keys (its default or description wins),
 * so validation, README tables and `stacks info` see whole properties. Other schemas pass through.
 */
export function resolveCommonOptions(schema: unknown, file: string): unknown {
  const props = (schema as { properties?: unknown } | null)?.properties;
  if (typeof props !== 'object' || props === null) return schema;
  const resolved: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(props)) {
    const ref = (prop as { $ref?: unknown } | null)?.$ref;
    if (typeof ref !== 'string' || !ref.startsWith(common.$id)) {
      resolved[name] = prop;
      continue;
    }
    const def = ref.startsWith(COMMON_OPTIONS_REF) ? DEFS[ref.slice(COMMON_OPTIONS_REF.length)] : undefined;
    if (def === undefined) {
      throw new DockstackError(
        'E_STACK_INVALID',
        `Options schema ${file}: property "${name}" refers to ${ref}, which is not a shared option`,
        {
          file,
          hint: `Use one of ${COMMON_OPTIONS.map((o) => `${COMMON_OPTIONS_REF}${o}`).join(', ')}, or declare the option in full.`,
        },
      );
    }
    const { $ref: _ref, ...own } = prop as Record<string, unknown>;
    void _ref;
    resolved[name] = { ...def, ...own };
  }
  return { ...(schema as object), properties: resolved };
}
