import { Args, Flags } from '@oclif/core';
import { lockFlags, StackCommand } from '../src/cli/base-command.js';
import { runBuild, type BuildSummary } from '../src/cli/build-flow.js';
import { modeFlag } from '../src/cli/mode-flag.js';
import { jsonFlag } from '../src/cli/json-flag.js';

export default class Build extends StackCommand {
  static override description =
    "Build the stack's images through BuildKit with the engine's cache, then show each image's size, layers, build time and size budget";
  static override examples = [
    '<%= config.bin %> build',
    '<%= config.bin %> build api --target builder',
    '<%= config.bin %> build --mode prod --no-cache --pull',
  ];
  static override strict = false;
  static override args = { services: Args.string({ description: 'services to build (default: every service with build:)' }) };
  static override flags = {
    ...modeFlag,
    ...lockFlags,
    target: Flags.string({ description: "Dockerfile stage to build instead of the service's build.target (or the final stage)" }),
    'no-cache': Flags.boolean({ description: 'build every step again, ignoring the layer cache' }),
    pull: Flags.boolean({ description: 'pull newer versions of the base images first' }),
    builder: Flags.string({
      options: ['buildkit', 'legacy'],
      description: "builder to use over the builds' x-devstack.builder (default buildkit; legacy cannot do RUN --mount, secrets, ssh or # syntax=)",
    }),
    ...jsonFlag(),
  };

  async run(): Promise<BuildSummary> {
    const { argv, flags } = await this.parse(Build);
    return runBuild({ ...flags, builder: flags.builder as 'buildkit' | 'legacy' | undefined, services: argv as string[] });
  }
}
