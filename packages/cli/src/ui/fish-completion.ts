/** What the fish script needs of a command (oclif's cached command shape). */
export interface CompletableCommand {
  id: string;
  summary?: string;
  description?: string;
  hidden?: boolean;
  flags: Record<
    string,
    {
      type: string;
      char?: string;
      allowNo?: boolean;
      summary?: string;
      description?: string;
      options?: readonly string[];
      hidden?: boolean;
    }
  >;
}

const quote = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const firstLine = (text: string | undefined): string => (text ?? '').split('\n')[0]!.replace(/\s+/g, ' ').trim().slice(0, 80);

/**
 * A fish completion script for a CLI whose topics are separated by spaces (`dockstack stacks
 * install`): commands and topics after the bin, sub-commands after a topic, and each command's
 * flags (with their fixed values) once the command is typed. @oclif/plugin-autocomplete 3 covers
 * bash, zsh and PowerShell; this covers fish from the same command list.
 */
export function fishCompletion(bin: string, commands: readonly CompletableCommand[], topics: Record<string, string>): string {
  const oneLine = (text: string | undefined): string => firstLine(text).replace(/<%= config\.bin %>/g, bin);
  const visible = commands.filter((c) => !c.hidden).sort((a, b) => a.id.localeCompare(b.id));
  const lines = [
    `# fish completion for ${bin}; install: ${bin} autocomplete fish > ~/.config/fish/completions/${bin}.fish`,
    `complete -c ${bin} -f`,
  ];
  const top = new Map<string, string>();
  for (const c of visible) {
    const [head, ...rest] = c.id.split(':');
    if (head === undefined) continue;
    if (rest.length === 0) top.set(head, oneLine(c.summary ?? c.description));
    else if (!top.has(head)) top.set(head, oneLine(topics[head] ?? ''));
  }
  const names = [...top.keys()];
  for (const [name, about] of top)
    lines.push(`complete -c ${bin} -n ${quote(`not __fish_seen_subcommand_from ${names.join(' ')}`)} -a ${name} -d ${quote(about)}`);
  for (const c of visible) {
    const parts = c.id.split(':');
    const topic = parts.slice(0, -1).join(' ');
    const leaf = parts.at(-1) as string;
    const siblings = visible.filter((o) => o.id.startsWith(`${parts.slice(0, -1).join(':')}:`)).map((o) => o.id.split(':').at(-1));
    if (parts.length > 1)
      lines.push(
        `complete -c ${bin} -n ${quote(`__fish_seen_subcommand_from ${topic}; and not __fish_seen_subcommand_from ${siblings.join(' ')}`)} -a ${leaf} -d ${quote(oneLine(c.summary ?? c.description))}`,
      );
    const when =
      parts.length > 1
        ? `__fish_seen_subcommand_from ${topic}; and __fish_seen_subcommand_from ${leaf}`
        : `__fish_seen_subcommand_from ${leaf}`;
    for (const [name, f] of Object.entries(c.flags).sort(([a], [b]) => a.localeCompare(b))) {
      if (f.hidden) continue;
      const short = f.char === undefined ? '' : ` -s ${f.char}`;
      const value =
        f.type === 'option'
          ? f.options === undefined
            ? name === 'cwd' || name === 'file' || name === 'dir'
              ? ' -rF'
              : ' -r'
            : ` -xa ${quote(f.options.join(' '))}`
          : '';
      lines.push(`complete -c ${bin} -n ${quote(when)} -l ${name}${short}${value} -d ${quote(oneLine(f.summary ?? f.description))}`);
      if (f.allowNo) lines.push(`complete -c ${bin} -n ${quote(when)} -l no-${name}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
