import { watch, type FSWatcher } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { PathFilter } from './ignore.js';

export interface TreeWatcherOptions {
  /** A folder, or one file. */
  root: string;
  ignored: PathFilter;
  /** A path that may have changed: written, created, deleted or renamed. */
  onChange: (path: string) => void;
  /** The kernel refused a watch (ENOSPC: out of inotify watches); the tree is no longer fully watched. */
  onLimit: (error: NodeJS.ErrnoException) => void;
  onError: (error: Error) => void;
}

export interface Watching {
  close(): Promise<void>;
  /** How many folders carry a kernel watch. */
  readonly folders: number;
}

/**
 * Watches a tree with one kernel watch per folder that is not ignored, and none per file: the folder's
 * watch already reports its files. (chokidar adds one per file as well: 221 watches for 21 folders
 * holding 200 files, where this takes 21.) Ignored folders are never listed, let alone watched.
 */
export async function watchTree(options: TreeWatcherOptions): Promise<Watching> {
  const watchers = new Map<string, FSWatcher>();
  /**
   * Every path seen to exist. A path gone before it was ever seen (the temporary file `sed -i` or an
   * editor writes and renames over the real one) changed nothing in the tree, so it is not reported.
   */
  const known = new Set<string>();
  let closed = false;
  let limited = false;
  const rootStat = await lstat(options.root);
  const fileRoot = !rootStat.isDirectory();
  known.add(options.root);

  const refuse = (error: NodeJS.ErrnoException) => {
    if (limited) return;
    limited = true;
    options.onLimit(error);
  };

  const onEvent = (dir: string, name: string | Buffer | null) => {
    if (closed || name === null) return;
    const path = join(dir, name.toString());
    if (fileRoot && path !== options.root) return;
    void settle(path);
  };

  /** Decides what an event meant by looking at the path now: new folders are walked and watched. */
  const settle = async (path: string) => {
    const stat = await lstat(path).catch(() => undefined);
    if (closed) return;
    if (!stat) {
      // A deleted folder's own watch reports it under its own name; its parent's watch reports it rightly.
      const parentGone = path !== options.root && !(await lstat(dirname(path)).catch(() => undefined));
      if (closed || parentGone) return;
      if ((watchers.has(dirname(path)) || path === options.root) && known.has(path)) {
        for (const [dir, watcher] of watchers) {
          if (dir !== path && !dir.startsWith(`${path}/`)) continue;
          watcher.close();
          watchers.delete(dir);
        }
        for (const gone of known) if (gone === path || gone.startsWith(`${path}/`)) known.delete(gone);
        if (!options.ignored(path, false)) options.onChange(path);
      }
      return;
    }
    known.add(path);
    if (stat.isDirectory() && !fileRoot) {
      if (options.ignored(path, true)) return;
      if (!watchers.has(path)) {
        options.onChange(path);
        await add(path, true);
      }
      return;
    }
    if (!options.ignored(path, false)) options.onChange(path);
  };

  /** Watches a folder and its folders; with `report`, tells of everything found (a folder moved in whole). */
  const add = async (dir: string, report: boolean): Promise<void> => {
    if (closed || limited || watchers.has(dir)) return;
    try {
      const watcher = watch(dir, { persistent: true }, (_event, name) => onEvent(dir, name));
      watcher.on('error', (error) => {
        watchers.delete(dir);
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && (error as NodeJS.ErrnoException).code !== 'EPERM') options.onError(error);
      });
      watchers.set(dir, watcher);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' || code === 'EMFILE') return refuse(error as NodeJS.ErrnoException);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') options.onError(error as Error);
      return;
    }
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = join(dir, entry.name);
      known.add(path);
      if (entry.isDirectory()) {
        if (options.ignored(path, true)) continue;
        if (report) options.onChange(path);
        await add(path, report);
      } else if (report && !options.ignored(path, false)) {
        options.onChange(path);
      }
    }
  };

  if (fileRoot) {
    try {
      const watcher = watch(
        dirname(options.root),
        { persistent: true },
        (_event, name) => name?.toString() === basename(options.root) && onEvent(dirname(options.root), name),
      );
      watchers.set(dirname(options.root), watcher);
    } catch (error) {
      refuse(error as NodeJS.ErrnoException);
    }
  } else {
    await add(options.root, false);
  }
  return {
    get folders() {
      return watchers.size;
    },
    async close() {
      closed = true;
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

/** Every path under a tree that is not ignored, for an initial sync. */
export async function listTree(root: string, ignored: PathFilter): Promise<string[]> {
  const stat = await lstat(root).catch(() => undefined);
  if (!stat) return [];
  if (!stat.isDirectory()) return [root];
  const found: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = join(dir, entry.name);
      if (ignored(path, entry.isDirectory())) continue;
      found.push(path);
      if (entry.isDirectory()) await walk(path);
    }
  };
  await walk(root);
  return found;
}
