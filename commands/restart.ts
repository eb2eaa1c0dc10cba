import { Args, Flags } from '@oclif/core';
import { lockFlags, StackCommand } from '../src/cli/base-command.js';
import { positionalWords } from '../src/cli/raw-args.js';
import { runRestart } from '../src/cli/restart-flow.js';
import { jsonFlag } from '../src/cli/json-flag.js';

export default class Restart extends StackCommand {
  static override description = "Restart services' containers and wait until each is ready again";
  static override examples = ['<%= config.bin %> restart', '<%= config.bin %> restart api worker'];
  static override strict = false;
  static override args = { services: Args.string({ description: 'services to restart, by name or unambiguous prefix (default: all)' }) };
  static override flags = {
    ...lockFlags,
    timeout: Flags.integer({ description: 'seconds to wait for every service to be ready again', default: 120 }),
    ...jsonFlag(),
  };

  async run(): Promise<string[]> {
    const { raw, flags } = await this.parse(Restart);
    return runRestart({ ...flags, services: positionalWords(raw) });
  }
}
