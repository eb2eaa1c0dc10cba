import { join } from 'node:path';
import { StackCommand } from '../src/cli/base-command.js';
import { builtinProfilesDir } from '../src/cli/paths.js';
import { listProfiles, type ProfileInfo } from '../src/profiles/catalogue.js';
import { renderTable } from '../src/ui/table.js';
import { print, printJson } from '../src/ui/output.js';
import { jsonFlag } from '../src/cli/json-flag.js';

export default class Profiles extends StackCommand {
  static override description = 'List the built-in profiles and the project profiles the stack file names';
  static override examples = ['<%= config.bin %> profiles', '<%= config.bin %> profiles --json'];
  static override flags = { ...jsonFlag('print the list as JSON') };

  async run(): Promise<ProfileInfo[]> {
    const { flags } = await this.parse(Profiles);
    const list = await listProfiles(builtinProfilesDir(), flags.file?.[0] ?? join(process.cwd(), 'devstack.yml'));
    if (flags.json) printJson(list, { pretty: true });
    else
      print(
        renderTable(
          ['PROFILE', 'FROM', 'SERVICES', 'DESCRIPTION'],
          list.map((p) => [p.name, p.source, p.services.join(', '), p.description]),
        ),
      );
    return list;
  }
}
