import { readdir, readFile, readlink, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Inotify watches that this user's programs (editors, other watchers, language servers) hold right now:
 * the limit is per user, so they come out of the same budget as ours. Each watch is one `inotify wd:` line
 * in /proc/<pid>/fdinfo/<fd> of an fd that links to `anon_inode:inotify`.
 */
export async function watchesInUse(procRoot: string, uid: number): Promise<number> {
  const pids = (await readdir(procRoot).catch(() => [])).filter((name) => /^\d+$/.test(name));
  const counts = await Promise.all(
    pids.map(async (pid) => {
      const owner = await stat(join(procRoot, pid)).catch(() => undefined);
      if (owner?.uid !== uid) return 0;
      let count = 0;
      for (const fd of await readdir(join(procRoot, pid, 'fd')).catch(() => [])) {
        if ((await readlink(join(procRoot, pid, 'fd', fd)).catch(() => '')) !== 'anon_inode:inotify') continue;
        const info = await readFile(join(procRoot, pid, 'fdinfo', fd), 'utf8').catch(() => '');
        count += info.split('\n').filter((line) => line.startsWith('inotify wd:')).length;
      }
      return count;
    }),
  );
  return counts.reduce((sum, n) => sum + n, 0);
}
