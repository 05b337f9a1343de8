import { DockerfileParser, type Dockerfile, type Flag, type Heredoc, type Instruction } from 'dockerfile-ast';

/** A here-document of a RUN, COPY or ADD. */
export interface HeredocPart {
  name: string;
  /** `<<'EOF'` or `<<"EOF"`: the body is literal, nothing in it is expanded. */
  quoted: boolean;
  /** 1-based line of the start operator. */
  startLine: number;
  /** 1-based first and last line of the body (first > last when the body is empty). */
  bodyFirst: number;
  bodyLast: number;
  /** 1-based line of the closing delimiter. */
  endLine: number;
  body: string;
}

/** One instruction with what the rules need, in 1-based lines. */
export interface Inst {
  node: Instruction;
  /** Uppercase keyword. */
  keyword: string;
  /** The keyword as written. */
  written: string;
  line: number;
  endLine: number;
  flags: Flag[];
  /** Argument words outside here-document bodies (flags excluded). */
  args: string[];
  heredocs: HeredocPart[];
  /** Stage index, -1 before the first FROM. */
  stage: number;
}

/** A build stage: its FROM and the instructions after it. */
export interface Stage {
  index: number;
  /** Stage name as written (`AS name`). */
  name: string | undefined;
  from: Inst;
  insts: Inst[];
  /** Index of an earlier stage this one is built FROM. */
  parent: number | undefined;
}

export interface Model {
  text: string;
  lines: string[];
  df: Dockerfile;
  insts: Inst[];
  /** Instructions before the first FROM. */
  preamble: Inst[];
  stages: Stage[];
  escape: string;
}

type WithHeredocs = { getHeredocs(): Heredoc[] };
type WithFlags = { getFlags(): Flag[] };

function heredocsOf(node: Instruction, lines: string[]): HeredocPart[] {
  if (!['RUN', 'COPY', 'ADD'].includes(node.getKeyword())) return [];
  const found = (node as unknown as WithHeredocs).getHeredocs();
  return found.map((h) => {
    const start = h.getStartRange();
    const opener = (lines[start.start.line] ?? '').slice(start.start.character, start.end.character);
    const content = h.getContentRange();
    const delimiter = h.getDelimiterRange();
    const bodyFirst = content ? content.start.line + 1 : delimiter ? delimiter.start.line + 1 : start.start.line + 2;
    const bodyLast = content ? content.end.line + 1 : bodyFirst - 1;
    const endLine = delimiter ? delimiter.start.line + 1 : bodyLast;
    return {
      name: h.getName(),
      quoted: /['"]/.test(opener),
      startLine: start.start.line + 1,
      bodyFirst,
      bodyLast,
      endLine,
      body: lines.slice(bodyFirst - 1, bodyLast).join('\n'),
    };
  });
}

function toInst(node: Instruction, lines: string[], stage: number): Inst {
  const range = node.getRange();
  const heredocs = heredocsOf(node, lines);
  const firstBody = heredocs.length > 0 ? Math.min(...heredocs.map((h) => h.startLine)) : Infinity;
  const args = node
    .getArguments()
    .filter((a) => a.getRange().start.line + 1 <= firstBody)
    .map((a) => a.getValue());
  const flags = 'getFlags' in node ? (node as unknown as WithFlags).getFlags() : [];
  return {
    node,
    keyword: node.getKeyword().toUpperCase(),
    written: node.getInstruction(),
    line: range.start.line + 1,
    endLine: range.end.line + 1,
    flags,
    args,
    heredocs,
    stage,
  };
}

/** Parses a Dockerfile into instructions grouped by stage. Never throws on bad input. */
export function buildModel(text: string): Model {
  const df = DockerfileParser.parse(text);
  const lines = text.split(/\r?\n/);
  const insts: Inst[] = [];
  const preamble: Inst[] = [];
  const stages: Stage[] = [];
  for (const node of df.getInstructions()) {
    const isFrom = node.getKeyword().toUpperCase() === 'FROM';
    const inst = toInst(node, lines, isFrom ? stages.length : stages.length - 1);
    insts.push(inst);
    if (isFrom) {
      const name = inst.args[1]?.toUpperCase() === 'AS' ? inst.args[2] : undefined;
      const ref = inst.args[0]?.toLowerCase();
      const parentIndex = stages.findIndex((s) => s.name !== undefined && s.name.toLowerCase() === ref);
      stages.push({ index: stages.length, name, from: inst, insts: [], parent: parentIndex >= 0 ? parentIndex : undefined });
    } else if (stages.length === 0) preamble.push(inst);
    else stages[stages.length - 1]?.insts.push(inst);
  }
  return { text, lines, df, insts, preamble, stages, escape: df.getEscapeCharacter() };
}

/** The stage and its ancestors (`FROM <stage>`), nearest first. */
export function stageChain(model: Model, index: number): Stage[] {
  const chain: Stage[] = [];
  const seen = new Set<number>();
  let current: Stage | undefined = model.stages[index];
  while (current && !seen.has(current.index)) {
    chain.push(current);
    seen.add(current.index);
    current = current.parent === undefined ? undefined : model.stages[current.parent];
  }
  return chain;
}

/** Value of a flag (`--from=x` gives `x`), or undefined. */
export function flagValue(inst: Inst, name: string): string | undefined {
  const flag = inst.flags.find((f) => f.getName() === name);
  return flag ? (flag.getValue() ?? '') : undefined;
}

/** The `--mount` options of a RUN, as key/value maps. */
export function mounts(inst: Inst): Array<Map<string, string>> {
  return inst.flags
    .filter((f) => f.getName() === 'mount')
    .map((f) => new Map(f.getOptions().map((o) => [o.getName().toLowerCase(), o.getValue() ?? ''] as [string, string])));
}
