import { StackCommand } from '../../src/cli/base-command.js';
import { runSnapshotList, type ListedSnapshot } from '../../src/cli/snapshot-flow.js';
import { print, printJson } from '../../src/ui/output.js';
import { jsonFlag } from '../../src/cli/json-flag.js';

export default class SnapshotList extends StackCommand {
  static override description = "List the project's snapshots, newest first: name, time, size, services, and whether `undo` would restore it";
  static override aliases = ['snapshot ls'];
  static override examples = ['<%= config.bin %> snapshot list', '<%= config.bin %> snapshot list --json'];
  static override flags = { ...jsonFlag('print the snapshots as JSON') };

  async run(): Promise<{ dir: string; snapshots: ListedSnapshot[] }> {
    const { flags } = await this.parse(SnapshotList);
    const result = await runSnapshotList(flags, print, flags.json);
    if (flags.json) printJson(result, { pretty: true });
    return result;
  }
}
