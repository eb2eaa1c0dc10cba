import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { fail, ok, type Outcome } from '../outcome.js';

/** What the socket check reads from the machine; injected so tests can play a user outside the group. */
export interface SocketProbe {
  stat(path: string): Promise<{ uid: number; gid: number }>;
  /** Resolves when this process may read and write the path; rejects with EACCES otherwise. */
  access(path: string): Promise<void>;
  groupFile(): Promise<string>;
  /** The groups this process runs with (not those added since the user logged in). */
  groups(): number[];
  username(): string;
}

export const hostSocketProbe: SocketProbe = {
  stat,
  access: (path) => access(path, constants.R_OK | constants.W_OK),
  groupFile: () => readFile('/etc/group', 'utf8').catch(() => ''),
  groups: () => process.getgroups?.() ?? [],
  username: () => userInfo().username,
};

interface Group {
  name: string;
  members: string[];
}

function groupById(groupFile: string, gid: number): Group | undefined {
  for (const line of groupFile.split('\n')) {
    const [name, , id, members] = line.split(':');
    if (name && Number(id) === gid) return { name, members: (members ?? '').split(',').filter(Boolean) };
  }
  return undefined;
}

/**
 * On a unix socket, whether this user may talk to the engine, and if not, the one step that fixes it:
 * join the socket's group, or log in again when the group was joined after this session began.
 */
export async function checkSocket(url: string, probe: SocketProbe = hostSocketProbe): Promise<Outcome[]> {
  if (!url.startsWith('unix://')) return [];
  const path = new URL(url).pathname;
  const info = await probe.stat(path).catch(() => undefined);
  // No socket at all: the engine check already says nobody answered there.
  if (!info) return [];
  const group = groupById(await probe.groupFile(), info.gid);
  const groupName = group?.name ?? `gid ${info.gid}`;
  const allowed = await probe.access(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => error.code !== 'EACCES' && error.code !== 'EPERM',
  );
  if (allowed) return [ok('socket', `you may use ${path} (group ${groupName})`)];
  const user = probe.username();
  if (group?.members.includes(user) && !probe.groups().includes(info.gid)) {
    return [
      fail(
        'socket',
        `${path} needs group ${groupName}: ${user} was added to it after this session began`,
        `log out and in again (or run \`newgrp ${groupName}\`) so the group takes effect`,
      ),
    ];
  }
  return [
    fail(
      'socket',
      `permission denied on ${path}: ${user} is not in its group ${groupName}`,
      `run \`sudo usermod -aG ${groupName} ${user}\`, then log out and in again; or use rootless Docker (its socket is yours)`,
    ),
  ];
}
