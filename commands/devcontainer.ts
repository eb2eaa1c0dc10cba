import { Args } from '@oclif/core';
import { StackCommand } from '../src/cli/base-command.js';
import { runDevcontainer, type DevcontainerResult } from '../src/cli/devcontainer-flow.js';
import { jsonFlag } from '../src/cli/json-flag.js';

export default class Devcontainer extends StackCommand {
  static override description =
    "Write .devcontainer/devcontainer.json pointing VS Code's Dev Containers at a service of the stack, merging into an existing file";
  static override examples = ['<%= config.bin %> devcontainer', '<%= config.bin %> devcontainer api'];
  static override flags = { ...jsonFlag('print the file written and its settings as JSON') };
  static override args = { service: Args.string({ description: 'service to develop in (default: the one built from source)' }) };

  async run(): Promise<DevcontainerResult> {
    const { args, flags } = await this.parse(Devcontainer);
    return runDevcontainer({ ...flags, ...(args.service ? { service: args.service } : {}) });
  }
}
