import { Flags } from '@oclif/core';
import { lockFlags, StackCommand } from '../src/cli/base-command.js';
import { runClean, type CleanResult } from '../src/cli/clean-flow.js';
import { jsonFlag } from '../src/cli/json-flag.js';

export default class Clean extends StackCommand {
  static override description =
    "Remove what this project created and no longer uses: stopped containers, images left untagged by rebuilds, and with flags its images and volumes. Nothing that is not this project's is touched";
  static override examples = ['<%= config.bin %> clean', '<%= config.bin %> clean --images', '<%= config.bin %> clean --images --volumes --yes'];
  static override flags = {
    images: Flags.boolean({ description: "also the project's tagged images that no container uses (rebuilt on the next up)" }),
    volumes: Flags.boolean({ description: "also the project's volumes that no container mounts, with all their data" }),
    yes: Flags.boolean({ char: 'y', description: 'remove without asking (needed without a terminal)' }),
    ...lockFlags,
    ...jsonFlag('print the result as JSON: what was removed and what the engine kept'),
  };

  async run(): Promise<CleanResult> {
    const { flags } = await this.parse(Clean);
    return runClean(flags);
  }
}
