import { StackCommand } from '../src/cli/base-command.js';
import { runUi, uiFlags } from '../src/cli/ui-flow.js';
import { jsonFlag } from '../src/cli/json-flag.js';

export default class Ui extends StackCommand {
  static override description = 'Serve a live dashboard of the project in the browser: services, health, logs, and the actions of the CLI';
  static override examples = ['<%= config.bin %> ui', '<%= config.bin %> ui --port 4800 --no-open', '<%= config.bin %> ui --json'];
  static override flags = {
    ...uiFlags,
    ...jsonFlag('print {"url": ...} instead of the bare link'),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Ui);
    await runUi(flags);
  }
}
