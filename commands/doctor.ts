import { StackCommand } from '../src/cli/base-command.js';
import { runDoctorCommand, type DoctorReport } from '../src/cli/doctor-flow.js';
import { jsonFlag } from '../src/cli/json-flag.js';

export default class Doctor extends StackCommand {
  static override description = 'Check that this machine can run the stack: engine, ports, disk, memory, images, variables, .env, watch limit, clock';
  static override examples = ['<%= config.bin %> doctor', '<%= config.bin %> doctor --json'];
  static override flags = { ...jsonFlag('print the checks as JSON') };

  async run(): Promise<DoctorReport> {
    const { flags } = await this.parse(Doctor);
    return runDoctorCommand(flags);
  }
}
