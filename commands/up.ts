import { Args, Flags } from '@oclif/core';
import { lockFlags, StackCommand } from '../src/cli/base-command.js';
import { modeFlag } from '../src/cli/mode-flag.js';
import { runUp, type UpSummary } from '../src/cli/up-flow.js';
import { runUi, runWatchWithUi, uiFlags } from '../src/cli/ui-flow.js';
import { runWatch, watchFlags } from '../src/cli/watch-flow.js';
import { jsonFlag } from '../src/cli/json-flag.js';

export default class Up extends StackCommand {
  static override description = 'Bring the stack up and wait until every service is ready';
  static override examples = [
    '<%= config.bin %> up',
    '<%= config.bin %> up api --timeout 60',
    '<%= config.bin %> up --remove-orphans --json',
    '<%= config.bin %> up --mode prod',
  ];
  static override strict = false;
  static override args = { services: Args.string({ description: 'services to bring up, with their dependencies (default: all)' }) };
  static override flags = {
    ...modeFlag,
    timeout: Flags.integer({ description: 'seconds to wait for every service to be ready', default: 120 }),
    detach: Flags.boolean({ char: 'd', description: 'return once containers are started, without waiting for readiness' }),
    ...lockFlags,
    'remove-orphans': Flags.boolean({ description: 'remove containers of services no longer in the stack file' }),
    'force-recreate': Flags.boolean({ description: 'recreate containers even if unchanged' }),
    build: Flags.boolean({ description: 'rebuild images of services with build:' }),
    'keep-debug': Flags.boolean({ description: 'leave services started with `devstack debug` in debug mode (while their spec is unchanged)' }),
    ...jsonFlag(),
    watch: Flags.boolean({ description: 'then watch files and sync, rebuild or restart services as they change (see `devstack watch`)' }),
    ...watchFlags,
    ui: Flags.boolean({ description: 'then serve the live dashboard (see `devstack ui`); with --watch, it shows the watch events too' }),
    ...uiFlags,
  };

  async run(): Promise<UpSummary> {
    const { argv, flags } = await this.parse(Up);
    const summary = await runUp({ ...flags, wait: !flags.detach, lockWait: flags['lock-wait'], services: argv as string[] });
    const watch = { ...flags, services: argv as string[], quietMs: flags['quiet-period'] };
    if (flags.ui && flags.watch) await runWatchWithUi(watch);
    else if (flags.ui) await runUi(flags);
    else if (flags.watch) await runWatch(watch);
    return summary;
  }
}
