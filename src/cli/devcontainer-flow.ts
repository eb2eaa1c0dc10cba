import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { DevcontainerJsonError, mergeDevcontainerJson } from '../devcontainer/merge-json.js';
import { devcontainerSettings, type DevcontainerSettings } from '../devcontainer/settings.js';
import { UsageError } from '../errors.js';
import type { StackSpec } from '../model/stack.js';
import { loadStackFromFlags, type StackFlags } from './load-stack.js';
import { resolveService } from './services.js';
import { printJson, say } from '../ui/output.js';

export interface DevcontainerFlags extends StackFlags {
  service?: string;
  json?: boolean;
}

export interface DevcontainerResult {
  file: string;
  created: boolean;
  settings: DevcontainerSettings;
}

/** The service a developer works in: the only one built from source. */
function defaultService(stack: StackSpec): string {
  const built = Object.keys(stack.services).filter((n) => stack.services[n]!.build);
  if (built.length === 1) return built[0]!;
  throw new UsageError(
    built.length ? `Several services are built from source: ${built.join(', ')}` : 'No service is built from source',
    `Name the one to develop in: \`devstack devcontainer SERVICE\`${built.length ? '' : ` (services: ${Object.keys(stack.services).join(', ')})`}.`,
  );
}

/** Writes or merges .devcontainer/devcontainer.json for one service; the user's own settings and comments stay. */
export async function runDevcontainer(flags: DevcontainerFlags): Promise<DevcontainerResult> {
  const stack = await loadStackFromFlags(flags);
  const service = flags.service ? resolveService(stack, flags.service) : defaultService(stack);
  const file = join(stack.projectDir, '.devcontainer', 'devcontainer.json');
  const before = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  const settings = devcontainerSettings(stack, service);
  let text: string;
  try {
    text = mergeDevcontainerJson(before, settings);
  } catch (error) {
    if (!(error instanceof DevcontainerJsonError)) throw error;
    throw new UsageError(
      `Cannot merge into ${relative(stack.projectDir, file)}: ${error.message}; nothing was written`,
      'Fix the file (or move it away), then run `devstack devcontainer` again.',
    );
  }
  await mkdir(join(stack.projectDir, '.devcontainer'), { recursive: true });
  await writeFile(file, text);
  say(
    `${before === undefined ? 'Wrote' : 'Updated'} ${relative(stack.projectDir, file)} for service ${service}. In VS Code: "Dev Containers: Reopen in Container".`,
  );
  const result = { file, created: before === undefined, settings };
  if (flags.json) printJson(result, { pretty: true });
  return result;
}
