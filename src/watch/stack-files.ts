import { watch } from 'node:fs';
import { relative } from 'node:path';
import type { StackSpec } from '../model/stack.js';
import type { Watching } from './tree-watcher.js';

/** A watch runs on the rules it started with; an edited stack file is said once per file, not applied behind the user's back. */
export function noticeStackFileEdits(stack: StackSpec, warn: (message: string) => void): Watching {
  const told = new Set<string>();
  const watchers = stack.files.flatMap((file) => {
    try {
      return [
        watch(file, () => {
          if (told.has(file)) return;
          told.add(file);
          warn(`${relative(stack.projectDir, file) || file} changed: this watch keeps the rules and services it started with. Restart it to apply the change (\`devstack watch\` runs \`up\` first).`);
        }),
      ];
    } catch {
      return [];
    }
  });
  return { folders: 0, close: async () => watchers.forEach((w) => w.close()) };
}
