import type { PathFilter } from './ignore.js';
import { pollTree } from './poll-watcher.js';
import { watchTree, type Watching } from './tree-watcher.js';

export interface RootOptions {
  root: string;
  /** How the tree is named in messages: its path relative to the project. */
  name: string;
  ignored: PathFilter;
  onChange: (path: string) => void;
  intervalMs: number;
  warn: (message: string) => void;
}

/**
 * Watches a tree with inotify; when the kernel refuses a watch (ENOSPC), at start or later for a new
 * folder, that tree alone moves to polling, with one warning saying how to raise the limit.
 */
export async function watchWithFallback(options: RootOptions): Promise<{ watching: Watching; polling: boolean }> {
  const { root, ignored, onChange, intervalMs } = options;
  const onError = (error: Error) => options.warn(`watching ${options.name}: ${error.message}`);
  let current: Watching | undefined;
  let pending: NodeJS.ErrnoException | undefined;
  let switching: Promise<void> | undefined;
  const toPolling = (limit: NodeJS.ErrnoException) =>
    (switching ??= (async () => {
      options.warn(
        `the system ran out of inotify watches (${limit.code}) watching ${options.name}; polling it every ${intervalMs} ms instead, which costs CPU and adds up to that much delay. ` +
          'Raise the limit: `echo fs.inotify.max_user_watches=524288 | sudo tee /etc/sysctl.d/90-inotify.conf && sudo sysctl --system`, or ignore more of the tree.',
      );
      await current?.close();
      current = await pollTree({ root, ignored, intervalMs, onChange, onError });
    })());
  current = await watchTree({ root, ignored, onChange, onError, onLimit: (error) => (current ? void toPolling(error) : (pending = error)) });
  if (pending) await toPolling(pending);
  return {
    watching: {
      get folders() {
        return current!.folders;
      },
      close: async () => {
        await switching;
        await current!.close();
      },
    },
    polling: switching !== undefined,
  };
}
