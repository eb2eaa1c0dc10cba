import { Flags } from '@oclif/core';
import { lockFlags, StackCommand } from '../src/cli/base-command.js';
import { runDown } from '../src/cli/down-flow.js';
import { jsonFlag } from '../src/cli/json-flag.js';

export default class Down extends StackCommand {
  static override description = "Stop and remove the stack's containers and network; volumes are kept unless --volumes";
  static override examples = ['<%= config.bin %> down', '<%= config.bin %> down --volumes --yes'];
  static override flags = {
    ...lockFlags,
    ...jsonFlag(),
    volumes: Flags.boolean({ char: 'v', description: "also delete this project's volumes (only those labelled as this project's; never external ones)" }),
    yes: Flags.boolean({ char: 'y', description: 'delete volumes without asking' }),
  };

  async run(): Promise<unknown> {
    const { flags } = await this.parse(Down);
    return runDown(flags);
  }
}
