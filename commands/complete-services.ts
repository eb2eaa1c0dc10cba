import { Command } from '@oclif/core';
import { serviceNames } from '../src/cli/completion-service-names.js';
import { print } from '../src/ui/output.js';

/** Called by the shell completion `devstack autocomplete` installs; not for people, so hidden. */
export default class CompleteServices extends Command {
  static override hidden = true;
  static override description = 'Print the service names of the stack in the current directory, one a line (for shell completion)';

  async run(): Promise<void> {
    const names = await serviceNames(process.cwd());
    if (names.length) print(names.join('\n'));
  }
}
