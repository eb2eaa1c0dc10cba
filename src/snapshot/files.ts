import type { Engine } from '../engine/types.js';
import { firstEntryName, openArchive, writeArchive } from './archive-file.js';
import type { ArchivePart } from './manifest.js';
import type { Scratch } from './scratch.js';

/** Where helper containers mount the volume they copy: its entries are `devstack-volume/...` in the tar. */
const MOUNT = '/devstack-volume';
/** A copy helper is never started; this only satisfies images that name no command. */
const NEVER_RUNS = { entrypoint: ['sh'], command: [] };

/** A volume's files, as a tar the engine makes from a helper container that mounts it read-only. */
export async function captureFiles(
  engine: Engine,
  scratch: Scratch,
  image: string,
  volume: string,
  path: string,
): Promise<Pick<ArchivePart, 'bytes' | 'sha256'>> {
  const helper = await scratch.container('copy', image, { ...NEVER_RUNS, mounts: [{ type: 'volume', source: volume, target: MOUNT, readOnly: true }] });
  return writeArchive(await engine.getArchive(helper, MOUNT), path);
}

/** Unpacks a files archive into a (staging) volume, owners and modes as they were captured. */
export async function restoreFiles(engine: Engine, scratch: Scratch, image: string, volume: string, path: string, part: ArchivePart): Promise<void> {
  const helper = await scratch.container('copy', image, { ...NEVER_RUNS, mounts: [{ type: 'volume', source: volume, target: MOUNT, readOnly: false }] });
  const archive = openArchive(path, part);
  // Entries named from the volume's root (a snapshot taken on Podman) unpack into the mount itself.
  const named = /^\.?\/?devstack-volume(\/|$)/.test(await firstEntryName(archive));
  await engine.putArchive(helper, named ? '/' : MOUNT, archive);
}
