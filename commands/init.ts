import { Flags } from '@oclif/core';
import { StackCommand } from '../src/cli/base-command.js';
import { runInit } from '../src/cli/init-flow.js';
import type { Runtime } from '../src/init/detect-runtime.js';

export default class Init extends StackCommand {
  static override description = 'Write devstack.yml, .env.example and .dockerignore for this repository';
  static override examples = [
    '<%= config.bin %> init',
    '<%= config.bin %> init --profiles postgres,redis,prometheus',
    '<%= config.bin %> init --runtime node --profiles postgres --force',
  ];
  static override flags = {
    runtime: Flags.string({
      description: 'app runtime (default: detected from go.mod, package.json, pyproject.toml...)',
      options: ['go', 'node', 'python', 'none'],
    }),
    profiles: Flags.string({ description: 'comma-separated profiles to include (asked for in a terminal; default postgres,redis)' }),
    force: Flags.boolean({ description: 'overwrite existing files' }),
  };

  async run(): Promise<unknown> {
    const { flags } = await this.parse(Init);
    return runInit(process.cwd(), { ...flags, runtime: flags.runtime as Runtime | 'none' | undefined });
  }
}
