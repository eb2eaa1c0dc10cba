import { Args, Flags } from '@oclif/core';
import { StackCommand } from '../src/cli/base-command.js';
import { runShell } from '../src/cli/shell-flow.js';

export default class Shell extends StackCommand {
  static override description = "Open an interactive shell (bash, else ash, else sh) in a service's running container";
  static override examples = ['<%= config.bin %> shell api', '<%= config.bin %> shell db --user postgres --workdir /var/lib/postgresql'];
  static override args = { service: Args.string({ description: 'service, by name or unambiguous prefix', required: true }) };
  static override flags = {
    user: Flags.string({ char: 'u', description: 'user to run the shell as (name or uid[:gid])' }),
    workdir: Flags.string({ char: 'w', description: 'directory to start in' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Shell);
    process.exitCode = await runShell({ ...flags, service: args.service });
  }
}
