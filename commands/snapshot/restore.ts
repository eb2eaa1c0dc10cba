import { Args, Flags } from '@oclif/core';
import { lockFlags, StackCommand } from '../../src/cli/base-command.js';
import { positionalWords } from '../../src/cli/raw-args.js';
import { runSnapshotRestore, type RestoreOutcome } from '../../src/cli/snapshot-flow.js';

export default class SnapshotRestore extends StackCommand {
  static override description =
    'Restore a snapshot: list what it replaces and ask, snapshot the current data (`devstack undo` brings it back), rebuild each volume in a new volume, and only when all succeeded stop the services, put the data in place, start them and wait until ready';
  static override examples = [
    '<%= config.bin %> snapshot restore before-migration',
    '<%= config.bin %> snapshot restore seeded postgres',
    '<%= config.bin %> snapshot restore            # offers the latest snapshot',
    '<%= config.bin %> snapshot restore seeded --yes',
  ];
  static override strict = false;
  static override args = {
    name: Args.string({ description: 'the snapshot (see `snapshot list`; default: the latest, offered first)' }),
    services: Args.string({ description: 'services whose volumes to restore (default: all in the snapshot)' }),
  };
  static override flags = {
    ...lockFlags,
    force: Flags.boolean({ description: "restore even though a service's image changed major version since the snapshot" }),
    yes: Flags.boolean({ char: 'y', description: 'replace the current data without asking (needed without a terminal)' }),
    timeout: Flags.integer({ description: 'seconds to wait for the services to be ready again', default: 120 }),
  };

  async run(): Promise<RestoreOutcome> {
    const { raw, flags } = await this.parse(SnapshotRestore);
    const [name, ...services] = positionalWords(raw);
    return runSnapshotRestore({ ...flags, ...(name ? { name } : {}), services });
  }
}
