import { Flags } from '@oclif/core';
import { lockFlags, StackCommand } from '../src/cli/base-command.js';
import { runUndo } from '../src/cli/snapshot-flow.js';
import type { RestoreResult } from '../src/snapshot/restore.js';

export default class Undo extends StackCommand {
  static override description = 'Undo the last `reset --volumes`: restore the automatic snapshot it took before deleting anything';
  static override examples = ['<%= config.bin %> undo'];
  static override flags = {
    ...lockFlags,
    force: Flags.boolean({ description: "restore even though a service's image changed major version since" }),
    timeout: Flags.integer({ description: 'seconds to wait for the services to be ready again', default: 120 }),
  };

  async run(): Promise<RestoreResult & { snapshot: string }> {
    const { flags } = await this.parse(Undo);
    return runUndo(flags, (line) => this.say(line));
  }
}
