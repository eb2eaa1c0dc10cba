import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bashServiceCompletion, zshWithServiceCompletion, type ServiceCommand } from './completion-script.js';

interface CommandInfo {
  id: string;
  hidden?: boolean;
  args: Record<string, unknown>;
  flags: Record<string, { type: string; name: string; char?: string }>;
}

/** The top-level commands whose first argument is a service (`exec`, `shell`) or services (`logs`, `stop`). */
export function serviceCommands(commands: CommandInfo[]): ServiceCommand[] {
  return commands.flatMap((c) => {
    const first = Object.keys(c.args)[0];
    if (c.hidden || c.id.includes(':') || (first !== 'service' && first !== 'services')) return [];
    const valueFlags = Object.values(c.flags)
      .filter((f) => f.type === 'option')
      .flatMap((f) => [`--${f.name}`, ...(f.char ? [`-${f.char}`] : [])]);
    return [{ id: c.id, takes: first === 'services' ? 'many' : 'one', valueFlags }];
  });
}

/**
 * Adds service-name completion to the files @oclif/plugin-autocomplete has just written under
 * `<cacheDir>/autocomplete/functions`: run after every (re)build of them, which starts from scratch.
 */
export async function addServiceCompletion(cacheDir: string, bin: string, commands: CommandInfo[]): Promise<void> {
  const functions = join(cacheDir, 'autocomplete', 'functions');
  const services = serviceCommands(commands);
  const bash = join(functions, 'bash', `${bin}.bash`);
  await writeFile(bash, `${await readFile(bash, 'utf8')}${bashServiceCompletion(bin, services)}`);
  const zsh = join(functions, 'zsh', `_${bin}`);
  await writeFile(zsh, zshWithServiceCompletion(await readFile(zsh, 'utf8'), bin, services));
}
