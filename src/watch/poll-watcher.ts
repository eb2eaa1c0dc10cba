import type { PathFilter } from './ignore.js';
import type { Watching } from './tree-watcher.js';

export interface PollOptions {
  root: string;
  ignored: PathFilter;
  intervalMs: number;
  onChange: (path: string) => void;
  onError: (error: Error) => void;
}

/**
 * The fallback when the kernel has no inotify watches left: chokidar's stat polling, which needs none.
 * Costlier in CPU, so it is used only for the trees that could not be watched.
 */
export async function pollTree(options: PollOptions): Promise<Watching> {
  const { watch } = await import('chokidar');
  const watcher = watch(options.root, {
    usePolling: true,
    interval: options.intervalMs,
    binaryInterval: options.intervalMs * 2,
    ignoreInitial: true,
    followSymlinks: false,
    ignored: (path, stats) => options.ignored(path, stats?.isDirectory() ?? false),
  });
  watcher.on('all', (_event, path) => options.onChange(path));
  watcher.on('error', (error) => options.onError(error as Error));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    folders: 0,
    close: () => watcher.close(),
  };
}
