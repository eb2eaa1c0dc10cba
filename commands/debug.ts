import { Args, Flags } from '@oclif/core';
import { lockFlagsWithoutOldName, StackCommand } from '../src/cli/base-command.js';
import { runDebug, type DebugOutcome } from '../src/cli/debug-flow.js';
import { RUNTIMES } from '../src/debug/runtime.js';
import { jsonFlag } from '../src/cli/json-flag.js';

export default class Debug extends StackCommand {
  static override description =
    "Recreate one service under its runtime's debugger (Delve, node --inspect, debugpy, JDWP), publish the debug port on 127.0.0.1 and write a VS Code attach configuration";
  static override examples = [
    '<%= config.bin %> debug api',
    '<%= config.bin %> debug worker --runtime python --wait-for-debugger',
    '<%= config.bin %> debug api --port 9230',
    '<%= config.bin %> debug api --off',
  ];
  static override args = { service: Args.string({ description: 'service, by name or unambiguous prefix', required: true }) };
  static override flags = {
    runtime: Flags.option({ description: 'runtime, when detection gets it wrong', options: RUNTIMES })(),
    port: Flags.integer({ description: 'debugger port (default: x-devstack.debug.port, else 2345 go, 9229 node, 5678 python, 5005 java)', min: 1, max: 65535 }),
    // `--wait` is the old spelling, kept for one release: every other command's --wait was the project lock's.
    'wait-for-debugger': Flags.boolean({ description: 'hold the program until a debugger attaches', aliases: ['wait'] }),
    off: Flags.boolean({ description: 'return the service to its normal spec', exclusive: ['runtime', 'port', 'wait-for-debugger'] }),
    'launch-json': Flags.boolean({ description: 'write the attach configuration into .vscode/launch.json', default: true, allowNo: true }),
    timeout: Flags.integer({ description: 'seconds to wait for the service and its debugger', default: 120 }),
    ...jsonFlag(),
    ...lockFlagsWithoutOldName,
  };

  async run(): Promise<DebugOutcome> {
    const { args, flags } = await this.parse(Debug);
    return runDebug({ ...flags, waitForDebugger: flags['wait-for-debugger'], service: args.service });
  }
}
