import { Flags } from '@oclif/core';
import { StackCommand } from '../src/cli/base-command.js';
import { runCheckCommand, type CheckFormat } from '../src/cli/check-flow.js';
import { positionalWords } from '../src/cli/raw-args.js';

export default class Check extends StackCommand {
  static override description = "Check the project's Dockerfiles, .dockerignore files and stack against the container checklist";
  static override examples = [
    '<%= config.bin %> check',
    '<%= config.bin %> check services/api/Dockerfile --strict',
    '<%= config.bin %> check --format sarif > devstack.sarif',
  ];
  static override strict = false;
  static override usage = 'check [PATH...]';
  static override flags = {
    format: Flags.string({ description: 'output format', options: ['text', 'json', 'sarif'], default: 'text' }),
    strict: Flags.boolean({ description: 'fail (exit 1) on warnings too, not only on errors' }),
  };

  async run(): Promise<void> {
    const { raw, flags } = await this.parse(Check);
    await runCheckCommand({ ...flags, paths: positionalWords(raw), format: flags.format as CheckFormat });
  }
}
