import { Command } from '@oclif/core';
import { fishCompletion } from '../../ui/fish-completion.js';

export default class AutocompleteFish extends Command {
  static override summary = 'Print the fish completion script.';
  static override description =
    'bash, zsh and PowerShell: "dockstack autocomplete" (from @oclif/plugin-autocomplete) prints the setup. fish: save this output as ~/.config/fish/completions/dockstack.fish.';
  static override examples = ['<%= config.bin %> autocomplete fish > ~/.config/fish/completions/dockstack.fish'];

  async run(): Promise<void> {
    await this.parse(AutocompleteFish);
    const topics = Object.fromEntries(this.config.topics.map((t) => [t.name, t.description ?? '']));
    process.stdout.write(fishCompletion(this.config.bin, this.config.commands, topics));
  }
}
