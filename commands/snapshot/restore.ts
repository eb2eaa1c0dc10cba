import { Args, Flags } from '@oclif/core';
import { UsageError } from '../../src/errors.js';
import { lockFlags, StackCommand } from '../../src/cli/base-command.js';
import { positionalWords } from '../../src/cli/raw-args.js';
import { runSnapshotRestore } from '../../src/cli/snapshot-flow.js';
import type { RestoreResult } from '../../src/snapshot/restore.js';

export default class SnapshotRestore extends StackCommand {
  static override description =
    "Restore a snapshot: rebuild each volume in a new volume, and only when all succeeded stop the services, put the data in place, start them and wait until ready";
  static override examples = ['<%= config.bin %> snapshot restore before-migration', '<%= config.bin %> snapshot restore seeded postgres'];
  static override strict = false;
  static override args = {
    // Not `required`: oclif's missing-argument error adds a note on multi-value flags that has nothing to do with it.
    name: Args.string({ description: 'the snapshot (see `snapshot list`)' }),
    services: Args.string({ description: 'services whose volumes to restore (default: all in the snapshot)' }),
  };
  static override flags = {
    ...lockFlags,
    force: Flags.boolean({ description: "restore even though a service's image changed major version since the snapshot" }),
    timeout: Flags.integer({ description: 'seconds to wait for the services to be ready again', default: 120 }),
  };

  async run(): Promise<RestoreResult & { snapshot: string }> {
    const { raw, flags } = await this.parse(SnapshotRestore);
    const [name, ...services] = positionalWords(raw);
    if (!name) throw new UsageError('Name the snapshot to restore', 'See the snapshots of this project with `devstack snapshot list`, then run `devstack snapshot restore NAME`.');
    return runSnapshotRestore({ ...flags, name, services }, (line) => this.say(line));
  }
}
