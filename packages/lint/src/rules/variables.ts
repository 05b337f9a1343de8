import type { Model } from '../model.js';
import { finding } from '../rules.js';
import { PLATFORM_ARGS, scopeAt } from '../scope.js';
import { scanVars } from '../vars.js';
import type { Finding } from '../types.js';

/** Instructions whose arguments the builder expands (RUN, CMD, ENTRYPOINT and HEALTHCHECK go to a shell or exec). */
const EXPANDED = new Set(['ADD', 'COPY', 'ENV', 'ARG', 'EXPOSE', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

/** DS-28: every variable the builder expands is defined where it is used. */
export function variableFindings(model: Model): Finding[] {
  const out: Finding[] = [];
  for (const inst of model.insts) {
    if (!EXPANDED.has(inst.keyword)) continue;
    const texts = [inst.args.join(' '), ...inst.flags.map((f) => f.getValue() ?? '')];
    const refs = texts.flatMap((t) => scanVars(t, model.escape)).map((ref) => ({ ...ref, line: inst.line }));
    for (const h of inst.heredocs) {
      if (h.quoted) continue;
      for (const ref of scanVars(h.body, model.escape, false))
        refs.push({ ...ref, line: h.bodyFirst + (h.body.slice(0, ref.offset).match(/\n/g)?.length ?? 0) });
    }
    if (refs.length === 0) continue;
    const scope = scopeAt(model, inst);
    const reported = new Set<string>();
    for (const ref of refs) {
      if (ref.modifier !== null) continue;
      if (scope.has(ref.name) || reported.has(ref.name)) continue;
      reported.add(ref.name);
      const platform = PLATFORM_ARGS.includes(ref.name) && inst.stage >= 0;
      out.push(
        finding(
          'DS-28',
          ref.line,
          platform
            ? `$${ref.name} is only predefined in FROM lines; inside a stage it is empty until declared.`
            : `$${ref.name} is not defined here, so it expands to an empty string.`,
          platform
            ? `Add \`ARG ${ref.name}\` in this stage before using it.`
            : `Declare it with ARG or ENV earlier in this stage (global ARGs need \`ARG ${ref.name}\` again inside the stage), or fix the name.`,
        ),
      );
    }
  }
  return out;
}
