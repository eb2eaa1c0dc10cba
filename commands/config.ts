import { Flags } from '@oclif/core';
import { StackCommand } from '../src/cli/base-command.js';
import { runConfig, type ConfigFormat } from '../src/cli/config-flow.js';
import { modeFlag } from '../src/cli/mode-flag.js';

export default class Config extends StackCommand {
  static override description = 'Print the merged, interpolated stack as it will run (secrets masked unless --no-mask)';
  static override examples = [
    '<%= config.bin %> config',
    '<%= config.bin %> config --format json',
    '<%= config.bin %> config --no-mask --format json > resolved.json',
    '<%= config.bin %> config --mode prod',
    '<%= config.bin %> config --strict',
  ];
  static override flags = {
    ...modeFlag,
    format: Flags.string({ description: 'output format', options: ['yaml', 'json'], default: 'yaml' }),
    mask: Flags.boolean({
      description: 'mask the values of secret-named variables and URL passwords (--no-mask prints them as they will run)',
      default: true,
      allowNo: true,
    }),
    strict: Flags.boolean({ description: 'Compose keys devstack does not support are errors (exit 2), not a warning' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Config);
    await runConfig({ ...flags, format: flags.format as ConfigFormat });
  }
}
