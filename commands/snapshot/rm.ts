import { Args, Flags } from '@oclif/core';
import { lockFlags, StackCommand } from '../../src/cli/base-command.js';
import { positionalWords } from '../../src/cli/raw-args.js';
import { runSnapshotRm } from '../../src/cli/snapshot-flow.js';

export default class SnapshotRm extends StackCommand {
  static override description = 'Remove snapshots by name, or all but the newest N saved ones with --keep N';
  static override examples = ['<%= config.bin %> snapshot rm before-migration', '<%= config.bin %> snapshot rm --keep 3'];
  static override strict = false;
  static override args = { names: Args.string({ description: 'snapshots to remove' }) };
  static override flags = {
    ...lockFlags,
    keep: Flags.integer({ description: 'keep only the newest N saved snapshots (automatic ones are counted apart)', min: 0 }),
  };

  async run(): Promise<{ removed: string[] }> {
    const { raw, flags } = await this.parse(SnapshotRm);
    return runSnapshotRm({ ...flags, names: positionalWords(raw) });
  }
}
