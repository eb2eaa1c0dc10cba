import { Args, Flags } from '@oclif/core';
import { lockFlags, StackCommand } from '../../src/cli/base-command.js';
import { positionalWords } from '../../src/cli/raw-args.js';
import { runSnapshotSave, type SaveOutcome } from '../../src/cli/snapshot-flow.js';
import { printJson } from '../../src/ui/output.js';
import { jsonFlag } from '../../src/cli/json-flag.js';

export default class SnapshotSave extends StackCommand {
  static override description =
    "Save the stack's data: one compressed archive per volume (Postgres by pg_dump, Redis by BGSAVE, other volumes while their service is paused) and a manifest";
  static override examples = [
    '<%= config.bin %> snapshot save',
    '<%= config.bin %> snapshot save before-migration',
    '<%= config.bin %> snapshot save seeded postgres --keep 3',
    '<%= config.bin %> snapshot save cold --stop',
  ];
  static override strict = false;
  static override args = {
    name: Args.string({ description: 'name of the snapshot (default: the time, e.g. 20261123-184400)' }),
    services: Args.string({ description: 'services whose volumes to save (default: all)' }),
  };
  static override flags = {
    ...lockFlags,
    stop: Flags.boolean({ description: 'stop the services, copy their volumes as files, start them again (instead of pg_dump, BGSAVE or pausing)' }),
    keep: Flags.integer({ description: 'then keep only the newest N saved snapshots (automatic ones are counted apart)', min: 0 }),
    timeout: Flags.integer({ description: 'seconds to wait for services to be ready again after --stop', default: 120 }),
    ...jsonFlag('print the manifest as JSON'),
  };

  async run(): Promise<SaveOutcome> {
    const { raw, flags } = await this.parse(SnapshotSave);
    const [name, ...services] = positionalWords(raw);
    const outcome = await runSnapshotSave({ ...flags, ...(name !== undefined ? { name } : {}), services });
    if (flags.json) printJson(outcome, { pretty: true });
    return outcome;
  }
}
