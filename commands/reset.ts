import { Args, Flags } from '@oclif/core';
import { lockFlags, StackCommand } from '../src/cli/base-command.js';
import { modeFlag } from '../src/cli/mode-flag.js';
import { positionalWords } from '../src/cli/raw-args.js';
import { runReset, type ResetOutcome } from '../src/cli/reset-flow.js';

export default class Reset extends StackCommand {
  static override description = "Remove and recreate services' containers from scratch, and with --volumes delete their data too";
  static override examples = ['<%= config.bin %> reset api', '<%= config.bin %> reset db --volumes', '<%= config.bin %> reset --volumes --yes'];
  static override strict = false;
  static override args = { services: Args.string({ description: 'services to reset, by name or unambiguous prefix (default: all)' }) };
  static override flags = {
    ...modeFlag,
    ...lockFlags,
    volumes: Flags.boolean({
      description: "also delete the volumes they mount (only this project's; never external ones), after an automatic snapshot `devstack undo` restores",
    }),
    snapshot: Flags.boolean({ description: 'with --volumes, take the automatic snapshot first (--no-snapshot skips it)', default: true, allowNo: true }),
    yes: Flags.boolean({ char: 'y', description: 'delete without asking (needed without a terminal)' }),
    timeout: Flags.integer({ description: 'seconds to wait for every service to be ready again', default: 120 }),
  };

  async run(): Promise<ResetOutcome> {
    const { raw, flags } = await this.parse(Reset);
    const outcome = await runReset({ ...flags, services: positionalWords(raw) });
    if (outcome.cancelled) process.exitCode = 1;
    return outcome;
  }
}
