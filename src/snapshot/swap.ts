import type { Engine } from '../engine/types.js';
import type { Scratch } from './scratch.js';

/**
 * Replaces the target volume's contents with the staging volume's, inside the engine. The old contents
 * are first moved aside within the target (a rename, instant and on the same filesystem), the copy is
 * made, and only then is the old data deleted; if the copy fails the old data is moved back.
 */
const SWAP = `
T=/devstack-target S=/devstack-staging O=/devstack-target/.devstack-previous
each() { for f in "$1"/* "$1"/.[!.]* "$1"/..?*; do [ -e "$f" ] || [ -L "$f" ] || continue; [ "$f" = "$O" ] || echo "$f"; done; }
putback() {
  echo "devstack: copying into the volume failed; putting the previous data back" >&2
  each "$T" | while IFS= read -r f; do rm -rf "$f"; done
  each "$O" | while IFS= read -r f; do mv "$f" "$T"/; done
  rmdir "$O"
  exit 1
}
rm -rf "$O" && mkdir "$O" || exit 1
each "$T" | while IFS= read -r f; do mv "$f" "$O"/ || exit 1; done || putback
cp -a "$S"/. "$T"/ || putback
rm -rf "$O"
`;

/** Copies a verified staging volume over the service's volume; the service must be stopped. */
export async function swapIntoPlace(engine: Engine, scratch: Scratch, image: string, staging: string, target: string): Promise<void> {
  const helper = await scratch.container('swap', image, {
    entrypoint: ['/bin/sh', '-c', SWAP],
    command: [],
    user: '0',
    mounts: [
      { type: 'volume', source: target, target: '/devstack-target', readOnly: false },
      { type: 'volume', source: staging, target: '/devstack-staging', readOnly: true },
    ],
  });
  await engine.startContainer(helper);
  const done = await scratch.exited(helper, 30 * 60_000);
  if (done.exitCode !== 0) {
    const log = (await engine.containerLogs(helper, 20)).join('\n');
    throw new Error(`copying the restored data into volume ${target} failed (exit ${done.exitCode})${log ? `:\n${log}` : ''}`);
  }
}
