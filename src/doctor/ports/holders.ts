import { readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';

export interface ProcessHolder {
  pid: number;
  command: string;
}

async function commandOf(procRoot: string, pid: string): Promise<string> {
  const raw = await readFile(join(procRoot, pid, 'cmdline'), 'utf8').catch(() => '');
  const command = raw.split('\0').filter(Boolean).join(' ');
  return command.length > 120 ? `${command.slice(0, 117)}...` : command || '?';
}

/**
 * Which processes hold the given socket inodes, found through their /proc/<pid>/fd links.
 * Only processes we may inspect are seen: another user's process stays anonymous unless we are root.
 */
export async function processesHolding(inodes: Set<number>, procRoot = '/proc'): Promise<Map<number, ProcessHolder>> {
  const found = new Map<number, ProcessHolder>();
  const pids = (await readdir(procRoot).catch(() => [])).filter((name) => /^\d+$/.test(name));
  await Promise.all(
    pids.map(async (pid) => {
      const fds = await readdir(join(procRoot, pid, 'fd')).catch(() => []);
      for (const fd of fds) {
        const target = await readlink(join(procRoot, pid, 'fd', fd)).catch(() => '');
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode && inodes.has(Number(inode)) && !found.has(Number(inode)))
          found.set(Number(inode), { pid: Number(pid), command: await commandOf(procRoot, pid) });
      }
    }),
  );
  return found;
}
