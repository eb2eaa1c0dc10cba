import { Args, Flags } from '@oclif/core';
import { lockFlags, StackCommand } from '../src/cli/base-command.js';
import { positionalWords } from '../src/cli/raw-args.js';
import { runUp } from '../src/cli/up-flow.js';
import { runWatchWithUi, uiFlags } from '../src/cli/ui-flow.js';
import { runWatch, watchFlags } from '../src/cli/watch-flow.js';
import { jsonFlag } from '../src/cli/json-flag.js';

export default class Watch extends StackCommand {
  static override description = 'Bring services up, then copy, rebuild or restart them as their files change (Compose develop.watch rules)';
  static override examples = ['<%= config.bin %> watch', '<%= config.bin %> watch api --quiet-period 50', '<%= config.bin %> watch --no-up --json'];
  static override strict = false;
  static override args = { services: Args.string({ description: 'services to watch, by name or unambiguous prefix (default: all with rules or build:)' }) };
  static override flags = {
    ...lockFlags,
    ...watchFlags,
    up: Flags.boolean({ description: 'bring the services up first (--no-up watches what is running)', default: true, allowNo: true }),
    timeout: Flags.integer({ description: 'seconds to wait for a recreated or restarted service to be ready', default: 120 }),
    ...jsonFlag('print one JSON event per line'),
    ui: Flags.boolean({ description: 'serve the live dashboard too, with the watch events as a timeline (see `devstack ui`)' }),
    ...uiFlags,
  };

  async run(): Promise<void> {
    const { raw, flags } = await this.parse(Watch);
    const services = positionalWords(raw);
    if (flags.up) {
      await runUp({ ...flags, services, 'remove-orphans': false, 'force-recreate': false, build: false, wait: true, lockWait: flags['lock-wait'] });
    }
    const watch = { ...flags, services, quietMs: flags['quiet-period'] };
    if (flags.ui) await runWatchWithUi(watch);
    else await runWatch(watch);
  }
}
