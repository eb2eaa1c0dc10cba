import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InterruptedError, ProjectLockedError } from '../errors.js';

export interface LockHolder {
  pid: number;
  command: string;
  startedAt: string;
  host: string;
}

export interface LockOptions {
  command: string;
  /** False for --no-lock-wait: fail at once when another command holds the lock. */
  wait: boolean;
  signal: AbortSignal;
  onWait: (holder: LockHolder) => void;
  pollMs?: number;
}

/** A takeover is a few milliseconds of work; a takeover file older than this was left by a crash. */
const TAKEOVER_STALE_MS = 5000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(file: string): Promise<LockHolder | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

async function createExclusive(file: string, content: string): Promise<boolean> {
  try {
    const handle = await open(file, 'wx');
    await handle.writeFile(content);
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Removes the lock only if its holder is dead on this host. Done under a second exclusive file, so two
 * processes that both find a stale lock cannot both remove it: the second one then re-reads a live holder.
 */
async function takeOverIfStale(file: string): Promise<void> {
  const takeover = `${file}.takeover`;
  if (!(await createExclusive(takeover, String(process.pid)))) {
    const age = Date.now() - (await stat(takeover).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
    if (age > TAKEOVER_STALE_MS) await rm(takeover, { force: true });
    return;
  }
  try {
    const holder = await readHolder(file);
    const stale = holder ? holder.host === hostname() && !alive(holder.pid) : true;
    if (stale)
      await rename(file, `${file}.stale-${process.pid}`).then(
        () => rm(`${file}.stale-${process.pid}`, { force: true }),
        () => undefined,
      );
  } finally {
    await rm(takeover, { force: true });
  }
}

/**
 * Holds the project's lock while `work` runs, so two commands that change one project never interleave.
 * The lock lives in the project's .devstack folder: the project's identity is its directory.
 */
export async function withProjectLock<T>(projectDir: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  const dir = join(projectDir, '.devstack');
  const file = join(dir, 'lock');
  await mkdir(dir, { recursive: true });
  const me: LockHolder = { pid: process.pid, command: options.command, startedAt: new Date().toISOString(), host: hostname() };
  let told = false;
  while (!(await createExclusive(file, JSON.stringify(me)))) {
    const holder = await readHolder(file);
    if (holder && holder.host === hostname() && !alive(holder.pid)) {
      await takeOverIfStale(file);
      continue;
    }
    if (!options.wait) throw new ProjectLockedError(holder);
    if (!told && holder) options.onWait(holder);
    told = true;
    if (options.signal.aborted) throw new InterruptedError([]);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
  }
  try {
    return await work();
  } finally {
    // Only our own lock is released: a lock taken over from us (we were presumed dead) stays.
    if ((await readHolder(file))?.pid === process.pid) await rm(file, { force: true });
  }
}
