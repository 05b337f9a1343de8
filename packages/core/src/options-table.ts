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
