import { Args } from '@oclif/core';
import { lockFlags, StackCommand } from '../src/cli/base-command.js';
import { positionalWords } from '../src/cli/raw-args.js';
import { runStop } from '../src/cli/stop-flow.js';
import { jsonFlag } from '../src/cli/json-flag.js';

export default class Stop extends StackCommand {
  static override description = "Stop services' containers, dependents first; they keep their state and `up` starts them again";
  static override examples = ['<%= config.bin %> stop', '<%= config.bin %> stop worker'];
  static override strict = false;
  static override args = { services: Args.string({ description: 'services to stop, by name or unambiguous prefix (default: all)' }) };
  static override flags = {
    ...lockFlags,
    ...jsonFlag(),
  };

  async run(): Promise<string[]> {
    const { raw, flags } = await this.parse(Stop);
    return runStop({ ...flags, services: positionalWords(raw) });
  }
}
