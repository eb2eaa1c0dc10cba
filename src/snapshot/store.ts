import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SnapshotNotFoundError, UsageError } from '../errors.js';
import type { StackSpec } from '../model/stack.js';
import { parseManifest, SNAPSHOT_NAME, timeStamp, type Manifest } from './manifest.js';

const MANIFEST = 'manifest.json';
/** Folders being written start with this; only a finished snapshot is renamed to its own name. */
const PARTIAL = '.partial-';

export const DEFAULT_KEEP_AUTOMATIC = 5;

/** `.devstack/snapshots` in the project, which build contexts never send, unless x-devstack.snapshots.dir says. */
export function snapshotsDir(stack: StackSpec): string {
  return stack.snapshots?.dir ?? join(stack.projectDir, '.devstack', 'snapshots');
}

export interface StoredSnapshot {
  manifest: Manifest;
  dir: string;
}

/** Every finished snapshot of the stack, newest first; folders that are not snapshots are left alone. */
export async function listSnapshots(stack: StackSpec): Promise<StoredSnapshot[]> {
  const root = snapshotsDir(stack);
  const names = await readdir(root).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const found: StoredSnapshot[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const dir = join(root, name);
    const text = await readFile(join(dir, MANIFEST), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const manifest = parseManifest(text, join(dir, MANIFEST));
    if (manifest.stack === stack.name) found.push({ manifest, dir });
  }
  return found.sort((a, b) => (a.manifest.createdAt < b.manifest.createdAt ? 1 : -1));
}

export async function findSnapshot(stack: StackSpec, name: string): Promise<StoredSnapshot> {
  const all = await listSnapshots(stack);
  const found = all.find((s) => s.manifest.name === name);
  if (!found)
    throw new SnapshotNotFoundError(
      name,
      snapshotsDir(stack),
      all.map((s) => s.manifest.name),
    );
  return found;
}

/** A name for a new snapshot: the one asked for (refused if taken), else the time, made unique. */
export async function newSnapshotName(stack: StackSpec, asked: string | undefined, automatic: boolean, now: Date): Promise<string> {
  const taken = new Set((await listSnapshots(stack)).map((s) => s.manifest.name));
  if (asked !== undefined) {
    if (!SNAPSHOT_NAME.test(asked))
      throw new UsageError(`Invalid snapshot name "${asked}"`, 'Use letters, digits, _, . and -, starting with a letter or digit.');
    if (taken.has(asked))
      throw new UsageError(`A snapshot named ${asked} already exists`, `Choose another name, or remove it first with \`devstack snapshot rm ${asked}\`.`);
    return asked;
  }
  const base = `${automatic ? 'auto-' : ''}${timeStamp(now)}`;
  let name = base;
  for (let n = 2; taken.has(name); n += 1) name = `${base}-${n}`;
  return name;
}

/** A folder to write a snapshot into; `publish` makes it a snapshot, `discard` removes what was written. */
export async function openSnapshotDir(
  stack: StackSpec,
  name: string,
): Promise<{ dir: string; publish: (m: Manifest) => Promise<string>; discard: () => Promise<void> }> {
  const root = snapshotsDir(stack);
  const dir = join(root, `${PARTIAL}${name}-${process.pid}`);
  await mkdir(root, { recursive: true });
  // Dumps hold the data and the roles' password hashes: for the owner's eyes only.
  await mkdir(dir, { mode: 0o700 });
  return {
    dir,
    publish: async (manifest) => {
      await writeFile(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
      const final = join(root, name);
      await rename(dir, final);
      return final;
    },
    discard: () => rm(dir, { recursive: true, force: true }),
  };
}

export async function removeSnapshot(snapshot: StoredSnapshot): Promise<void> {
  // Renamed first, so a half-removed folder never looks like a snapshot.
  const doomed = join(snapshot.dir, '..', `${PARTIAL}rm-${snapshot.manifest.name}-${process.pid}`);
  await rename(snapshot.dir, doomed);
  await rm(doomed, { recursive: true, force: true });
}
