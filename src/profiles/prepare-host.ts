import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import type { StackSpec } from '../model/stack.js';
import type { Reporter } from '../run/events.js';
import { generatedAssets } from './generated-assets.js';

function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..');
}

/**
 * Host-side preparation before `up`: writes generated assets, and creates missing bind-mount source
 * folders inside the project (as Compose does for short volume syntax), so a fresh clone has nothing to
 * create by hand. Paths outside the project are never created: the engine's error names them.
 */
export async function prepareHost(stack: StackSpec, report: Reporter): Promise<StackSpec> {
  const { stack: prepared, files } = generatedAssets(stack);
  const generated = new Set(files.map((file) => file.path));
  for (const file of files) {
    await mkdir(dirname(file.path), { recursive: true });
    await writeFile(file.path, file.content);
  }
  for (const service of Object.values(prepared.services)) {
    for (const mount of service.volumes) {
      if (mount.type !== 'bind' || generated.has(mount.source) || existsSync(mount.source) || !inside(stack.projectDir, mount.source)) continue;
      await mkdir(mount.source, { recursive: true });
      report({ type: 'note', level: 'info', message: `Created ${relative(stack.projectDir, mount.source)}/ for ${service.name}'s mount at ${mount.target}.` });
    }
  }
  return prepared;
}
