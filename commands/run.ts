import { Args, Flags } from '@oclif/core';
import { StackCommand } from '../src/cli/base-command.js';
import { positionalWords } from '../src/cli/raw-args.js';
import { runOneOffFlow } from '../src/cli/run-flow.js';

export default class Run extends StackCommand {
  static override description = "Run a one-off container from a service's spec on the project network (migrations, seeds), removed afterwards";
  static override examples = ['<%= config.bin %> run api -- npm run migrate', '<%= config.bin %> run -T api -- ./seed.sh < seed.sql'];
  static override strict = false;
  static override args = {
    service: Args.string({ description: 'service whose spec to use, by name or unambiguous prefix', required: true }),
    command: Args.string({ description: "the command and its arguments, after -- (default: the service's own command)" }),
  };
  static override flags = {
    'no-tty': Flags.boolean({ char: 'T', description: 'no TTY, even in a terminal (the default gives one only when stdin and stdout are terminals)' }),
  };

  async run(): Promise<void> {
    const { args, raw, flags } = await this.parse(Run);
    process.exitCode = await runOneOffFlow({ ...flags, noTty: flags['no-tty'], service: args.service, command: positionalWords(raw).slice(1) });
  }
}
