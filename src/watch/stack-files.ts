import { unwatchFile, watchFile } from 'node:fs';
import { relative } from 'node:path';
import type { StackSpec } from '../model/stack.js';
import type { Watching } from './tree-watcher.js';

/**
 * A watch runs on the rules it started with; an edited stack file is said once per file, not applied
 * behind the user's back. Polled (a stat a second) rather than watched: inotify watches are kept for
 * the folders the rules cover, whose count the bench holds to.
 */
export function noticeStackFileEdits(stack: StackSpec, warn: (message: string) => void, intervalMs = 1000): Watching {
  const told = new Set<string>();
  for (const file of stack.files) {
    watchFile(file, { interval: intervalMs, persistent: true }, (now, before) => {
      if (told.has(file) || now.mtimeMs === before.mtimeMs) return;
      told.add(file);
      warn(
        `${relative(stack.projectDir, file) || file} changed: this watch keeps the rules and services it started with. Restart it to apply the change (\`devstack watch\` runs \`up\` first).`,
      );
    });
  }
  return { folders: 0, close: async () => stack.files.forEach((file) => unwatchFile(file)) };
}
