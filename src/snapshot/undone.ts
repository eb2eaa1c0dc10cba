import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredSnapshot } from './store.js';

/**
 * A file next to the manifest saying when `undo` restored this automatic snapshot. The manifest itself
 * stays as it was written; the marker is what makes a second `undo` say there is nothing more to undo
 * instead of restoring the same data again.
 */
const MARKER = 'undone-at';

export async function undoneAt(snapshot: StoredSnapshot): Promise<string | undefined> {
  const text = await readFile(join(snapshot.dir, MARKER), 'utf8').catch(() => undefined);
  return text?.trim() || undefined;
}

export async function markUndone(snapshot: StoredSnapshot, now: Date): Promise<void> {
  await writeFile(join(snapshot.dir, MARKER), `${now.toISOString()}\n`);
}
