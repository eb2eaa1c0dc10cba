import { Flags } from '@oclif/core';
import { StackCommand } from '../src/cli/base-command.js';
import { runImport } from '../src/cli/import-flow.js';
import { printJson } from '../src/ui/output.js';
import { jsonFlag } from '../src/cli/json-flag.js';

export default class Import extends StackCommand {
  static override description = 'Write a devstack.yml from this folder’s Compose file, using built-in profiles where a service matches one';
  static override examples = ['<%= config.bin %> import', '<%= config.bin %> import -f docker-compose.dev.yml --force'];
  static override flags = {
    force: Flags.boolean({ description: 'overwrite an existing devstack.yml' }),
    ...jsonFlag('print what was replaced and kept as JSON'),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Import);
    const result = await runImport(process.cwd(), flags);
    if (flags.json)
      printJson({ from: result.from, written: result.written, replaced: result.replaced, kept: result.kept, held: result.held }, { pretty: true });
  }
}
