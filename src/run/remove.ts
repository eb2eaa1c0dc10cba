import type { Engine } from '../engine/types.js';

/** Stop (with the grace period) then remove; never the container's volumes. */
export async function stopAndRemove(engine: Engine, id: string, graceSec: number): Promise<void> {
  await engine.stopContainer(id, graceSec);
  await engine.removeContainer(id, true);
}
