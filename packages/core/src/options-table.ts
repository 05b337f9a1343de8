import type { OptionSchema } from './option-schema.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}

/** A markdown table of a stack's options, generated from its schema (README and `stacks info`). */
export function optionsTable(schema: OptionSchema): string {
  const rows = ['| Option | Type | Default | Description |', '| --- | --- | --- | --- |'];
  for (const [key, prop] of Object.entries(schema.properties)) {
    const type = Array.isArray(prop.enum) ? prop.enum.map((v) => `\`${String(v)}\``).join(' / ') : (prop.type ?? 'any');
    const def = (schema.required ?? []).includes(key) ? '*(required)*' : `\`${JSON.stringify(prop.default)}\``;
    const flags = prop['x-important'] === true ? ' (asked when undetected)' : '';
    rows.push(`| \`${key}\` | ${cell(type)} | ${cell(def)} | ${cell(prop.description)}${flags} |`);
  }
  return `${rows.join('\n')}\n`;
}

/** Words of `text` wrapped to `width` columns (a word longer than the width stays whole). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * A stack's options for a terminal `width` columns wide: an aligned table with the description
 * column wrapped when the table fits (at least 100 columns), else a list (name, type and default
 * on one line, the description wrapped and indented below). No line is longer than `width`
 * unless a single word is.
 */
export function optionsText(schema: OptionSchema, width: number): string {
  const rows = Object.entries(schema.properties).map(([key, prop]) => {
    const type = Array.isArray(prop.enum) ? prop.enum.map((v) => String(v)).join(' | ') : String(prop.type ?? 'any');
    const def = (schema.required ?? []).includes(key) ? '(required)' : JSON.stringify(prop.default);
    const description = `${prop.description.replace(/\s+/g, ' ').trim()}${prop['x-important'] === true ? ' (asked when undetected)' : ''}`;
    return { key, type, def, description };
  });
  const out: string[] = [];
  const keyW = Math.max(6, ...rows.map((r) => r.key.length));
  const defW = Math.min(24, Math.max(7, ...rows.map((r) => r.def.length)));
  const typeW = Math.min(28, Math.max(4, ...rows.map((r) => r.type.length)));
  const descW = width - keyW - typeW - defW - 6;
  if (width >= 100 && descW >= 40) {
    out.push(`${'Option'.padEnd(keyW)}  ${'Type'.padEnd(typeW)}  ${'Default'.padEnd(defW)}  Description`);
    for (const r of rows) {
      const types = wrapText(r.type, typeW);
      const defs = wrapText(r.def, defW);
      const descs = wrapText(r.description, descW);
      const n = Math.max(types.length, defs.length, descs.length);
      for (let i = 0; i < n; i++) {
        out.push(
          `${(i === 0 ? r.key : '').padEnd(keyW)}  ${(types[i] ?? '').padEnd(typeW)}  ${(defs[i] ?? '').padEnd(defW)}  ${descs[i] ?? ''}`.trimEnd(),
        );
      }
    }
  } else {
    const inner = Math.max(20, width - 4);
    for (const r of rows) {
      for (const l of wrapText(`${r.key} (${r.type}; default ${r.def})`, Math.max(20, width))) out.push(l);
      for (const l of wrapText(r.description, inner)) out.push(`    ${l}`);
    }
  }
  return `${out.join('\n')}\n`;
}
