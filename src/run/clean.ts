import { EngineError } from '../errors.js';
import { LABEL_PROJECT, type Engine } from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';
import { isOurs } from '../plan/up-plan.js';
import type { Reporter } from './events.js';

export interface Leftover {
  kind: 'container' | 'image' | 'network' | 'volume';
  id: string;
  name: string;
  sizeBytes: number | undefined;
  why: string;
}

export interface CleanOptions {
  /** Also the project's tagged images no container uses, not only the dangling ones. */
  images: boolean;
  volumes: boolean;
}

const IDLE = new Set(['exited', 'created', 'dead']);

/**
 * What this project made and no longer uses, found by our labels (project and directory) and nothing else:
 * stopped containers, its network once nothing runs on it, images built for it that a rebuild left untagged (with --images, also its tagged images
 * no container runs), and with --volumes its volumes no container mounts. The legacy builder's layer cache is
 * the parent chain of those images and goes with them.
 */
export async function findLeftovers(engine: Engine, stack: StackSpec, options: CleanOptions): Promise<Leftover[]> {
  const label = { [LABEL_PROJECT]: stack.name };
  const containers = (await engine.listContainers(label)).filter((c) => isOurs(stack, c.labels));
  const stopped = containers.filter((c) => IDLE.has(c.status));
  const remaining = containers.filter((c) => !IDLE.has(c.status));
  const found: Leftover[] = [];
  if (stopped.length) {
    const sizes = await engine.containerSizes(label);
    found.push(...stopped.map((c) => ({ kind: 'container' as const, id: c.id, name: c.name, sizeBytes: sizes[c.id], why: c.status })));
  }
  const inUse = new Set((await Promise.all(remaining.map((c) => engine.inspectContainer(c.id)))).flatMap((state) => (state ? [state.imageId] : [])));
  const images = (await engine.listImages(label, options.images ? {} : { dangling: true })).filter((i) => isOurs(stack, i.labels) && !inUse.has(i.id));
  found.push(
    ...images.map((i) => ({
      kind: 'image' as const,
      id: i.id,
      name: i.tags[0] ?? `<untagged> ${i.id.replace('sha256:', '').slice(0, 12)}`,
      sizeBytes: i.sizeBytes,
      why: i.tags.length ? 'no container uses it' : 'left untagged by a rebuild',
    })),
  );
  // The network is only worth keeping while one of our containers still runs on it.
  if (!remaining.length) {
    const networks = (await engine.listNetworks(label)).filter((n) => isOurs(stack, n.labels));
    found.push(...networks.map((n) => ({ kind: 'network' as const, id: n.id, name: n.name, sizeBytes: 0, why: 'no container runs on it' })));
  }
  if (options.volumes) {
    const mounted = new Set(remaining.flatMap((c) => c.volumes ?? []));
    const volumes = (await engine.listVolumes(label)).filter((v) => isOurs(stack, v.labels) && !mounted.has(v.name));
    if (volumes.length) {
      const sizes = await engine.volumeSizes();
      found.push(...volumes.map((v) => ({ kind: 'volume' as const, id: v.name, name: v.name, sizeBytes: sizes[v.name], why: 'its data goes with it' })));
    }
  }
  return found;
}

/** Removes them in order (containers free images and volumes); one the engine refuses is kept and reported, the rest go on. */
export async function removeLeftovers(
  engine: Engine,
  leftovers: Leftover[],
  report: Reporter,
): Promise<{ removed: Leftover[]; kept: Array<Leftover & { reason: string }> }> {
  const removed: Leftover[] = [];
  const kept: Array<Leftover & { reason: string }> = [];
  for (const item of leftovers) {
    try {
      if (item.kind === 'container') await engine.removeContainer(item.id, false);
      else if (item.kind === 'image') await engine.removeImage(item.id);
      else if (item.kind === 'network') await engine.removeNetwork(item.id);
      else await engine.removeVolume(item.id);
      removed.push(item);
      report({ type: 'note', level: 'info', message: `removed ${item.kind} ${item.name}` });
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      kept.push({ ...item, reason: error.message });
      report({ type: 'note', level: 'warn', message: `kept ${item.kind} ${item.name}: ${error.message}` });
    }
  }
  return { removed, kept };
}
