import { StackCommand } from '../src/cli/base-command.js';
import { runStatus, statusTable } from '../src/cli/status-flow.js';
import type { ServiceStatus } from '../src/run/status.js';
import { print, printJson } from '../src/ui/output.js';
import { jsonFlag } from '../src/cli/json-flag.js';

export default class Status extends StackCommand {
  static override description = 'Show each service: state, health, published ports as URLs, uptime';
  static override aliases = ['ps'];
  static override examples = ['<%= config.bin %> status', '<%= config.bin %> ps --json'];
  static override flags = { ...jsonFlag('print the rows as JSON') };

  async run(): Promise<ServiceStatus[]> {
    const { flags } = await this.parse(Status);
    const rows = await runStatus(flags);
    if (flags.json) printJson(rows, { pretty: true });
    else print(statusTable(rows));
    return rows;
  }
}
