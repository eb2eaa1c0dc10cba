import { Flags } from '@oclif/core';
import { lockFlags, StackCommand } from '../src/cli/base-command.js';
import { runUndo, type RestoreOutcome } from '../src/cli/snapshot-flow.js';

export default class Undo extends StackCommand {
  static override description =
    'Undo the last `reset --volumes` or `snapshot restore`: restore the automatic snapshot it took before replacing anything (once: a second undo has nothing more to undo)';
  static override examples = ['<%= config.bin %> undo'];
  static override flags = {
    ...lockFlags,
    force: Flags.boolean({ description: "restore even though a service's image changed major version since" }),
    timeout: Flags.integer({ description: 'seconds to wait for the services to be ready again', default: 120 }),
  };

  async run(): Promise<RestoreOutcome> {
    const { flags } = await this.parse(Undo);
    return runUndo(flags);
  }
}
