import { Args, Flags } from '@oclif/core';
import { StackCommand } from '../src/cli/base-command.js';
import { positionalWords } from '../src/cli/raw-args.js';
import { runExec } from '../src/cli/exec-flow.js';

export default class Exec extends StackCommand {
  static override description = "Run a command in a service's running container; its exit code becomes devstack's";
  static override examples = [
    '<%= config.bin %> exec db -- psql -U postgres -c "select 1"',
    '<%= config.bin %> exec -T api -- ./manage.py check',
    'cat dump.sql | <%= config.bin %> exec db -- psql -U postgres',
  ];
  static override strict = false;
  static override args = {
    service: Args.string({ description: 'service, by name or unambiguous prefix', required: true }),
    command: Args.string({ description: 'the command and its arguments, after --' }),
  };
  static override flags = {
    'no-tty': Flags.boolean({ char: 'T', description: 'no TTY, even in a terminal (the default gives one only when stdin and stdout are terminals)' }),
    user: Flags.string({ char: 'u', description: 'user to run as (name or uid[:gid])' }),
    workdir: Flags.string({ char: 'w', description: 'working directory inside the container' }),
  };

  async run(): Promise<void> {
    const { args, raw, flags } = await this.parse(Exec);
    process.exitCode = await runExec({ ...flags, noTty: flags['no-tty'], service: args.service, command: positionalWords(raw).slice(1) });
  }
}
