import { Flags } from '@oclif/core';
import { StackCommand } from '../src/cli/base-command.js';
import { runDown } from '../src/cli/down-flow.js';
import type { DownResult } from '../src/run/down.js';

export default class Down extends StackCommand {
  static override description = "Stop and remove the stack's containers and network; volumes are kept";
  static override examples = ['<%= config.bin %> down'];
  static override flags = { json: Flags.boolean({ description: 'print progress and the result as JSON lines' }) };

  async run(): Promise<DownResult> {
    const { flags } = await this.parse(Down);
    return runDown(flags, (line) => this.say(line));
  }
}
