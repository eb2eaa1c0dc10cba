import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';

/** Writes every file or none: an existing file stops the whole write unless --force. */
export async function writeProjectFiles(dir: string, files: Record<string, string>, force: boolean): Promise<string[]> {
  const existing = Object.keys(files).filter((name) => existsSync(join(dir, name)));
  if (existing.length && !force) {
    throw new UsageError(
      `${existing.join(', ')} already ${existing.length === 1 ? 'exists' : 'exist'} in ${dir}; nothing was written.`,
      'Pass --force to overwrite, or remove the file first.',
    );
  }
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return Object.keys(files);
}
