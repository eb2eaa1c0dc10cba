import { Args, Flags } from '@oclif/core';
import { StackCommand } from '../src/cli/base-command.js';
import { positionalWords } from '../src/cli/raw-args.js';
import { runLogs } from '../src/cli/logs-flow.js';
import { jsonFlag } from '../src/cli/json-flag.js';

export default class Logs extends StackCommand {
  static override description = "Show the services' logs, merged in time order; -f keeps following across restarts and recreates";
  static override examples = [
    '<%= config.bin %> logs',
    '<%= config.bin %> logs api db --since 10m',
    '<%= config.bin %> logs -f api',
    '<%= config.bin %> logs --json --tail 20',
  ];
  static override strict = false;
  // -f is --follow here, as in `docker compose logs -f`; the stack file is still --file.
  static override baseFlags = {
    ...StackCommand.baseFlags,
    file: Flags.string({ description: 'stack file (repeatable; default devstack.yml)', multiple: true, helpGroup: 'STACK' }),
  };
  static override args = { services: Args.string({ description: 'services to show, by name or unambiguous prefix (default: all)' }) };
  static override flags = {
    follow: Flags.boolean({ char: 'f', description: 'keep following new lines, across restarts, recreates and newly started services' }),
    tail: Flags.integer({ description: 'lines per service from before now (default: all, or 100 with --follow)', min: 0 }),
    since: Flags.string({ description: 'only lines since a duration ago (10m, 1h30m) or a time (RFC 3339)' }),
    timestamps: Flags.boolean({ char: 't', description: "show the engine's timestamp on each line" }),
    color: Flags.boolean({ description: 'colour the service prefixes (--no-color turns it off; so does NO_COLOR)', default: true, allowNo: true }),
    ...jsonFlag('one JSON object per line: service, stream, time, message'),
  };

  async run(): Promise<void> {
    const { raw, flags } = await this.parse(Logs);
    await runLogs({ ...flags, services: positionalWords(raw) });
  }
}
