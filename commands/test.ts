import { Args, Flags } from '@oclif/core';
import { StackCommand } from '../src/cli/base-command.js';
import { modeFlag } from '../src/cli/mode-flag.js';
import { positionalWords } from '../src/cli/raw-args.js';
import { runTests } from '../src/cli/test-flow.js';

export default class Test extends StackCommand {
  static override description =
    "Run the project's tests in a one-off container of a service, with its dependencies up and healthy; exits with the tests' exit code";
  static override examples = ['<%= config.bin %> test', '<%= config.bin %> test api -- npm test -- --grep users', '<%= config.bin %> test --fresh'];
  static override strict = false;
  static override args = {
    service: Args.string({ description: 'service to run the tests in (default: the one with x-devstack.test)' }),
    command: Args.string({ description: "the test command, after -- (default: the service's x-devstack.test)" }),
  };
  static override flags = {
    ...modeFlag,
    fresh: Flags.boolean({
      description: "run against a throwaway copy of the stack (own project name and volumes), removed afterwards; the developer's data is never touched",
    }),
    build: Flags.boolean({ description: "rebuild the service's image first (default: build only when missing)" }),
    timeout: Flags.integer({ description: 'seconds to wait for the dependencies to be ready', default: 120 }),
    'no-tty': Flags.boolean({ char: 'T', description: 'no TTY, even in a terminal' }),
  };

  async run(): Promise<void> {
    const { args, raw, flags } = await this.parse(Test);
    const words = positionalWords(raw);
    // Words after `--` are the command; a word before it names the service (`devstack test -- CMD` names none).
    const dashDash = this.argv.indexOf('--');
    const afterDashDash = dashDash >= 0 ? this.argv.length - dashDash - 1 : 0;
    const service = words.length > afterDashDash ? args.service : undefined;
    const command = service === undefined ? words : words.slice(1);
    process.exitCode = await runTests({ ...flags, noTty: flags['no-tty'], command, ...(service ? { service } : {}) });
  }
}
