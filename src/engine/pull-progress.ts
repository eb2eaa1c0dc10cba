import type { PullProgress } from './types.js';

interface LayerProgress {
  current: number;
  total: number;
  done: boolean;
}

export interface PullMessage {
  id?: string;
  status?: string;
  progressDetail?: { current?: number; total?: number };
}

const DONE_STATUSES = new Set(['Pull complete', 'Already exists', 'Download complete']);

/** Folds the engine's per-layer pull messages into one figure per image, for one bar per image. */
export class PullProgressFolder {
  private readonly layers = new Map<string, LayerProgress>();
  private status = 'waiting';

  add(message: PullMessage): PullProgress {
    if (message.status) this.status = message.status;
    const id = message.id;
    if (id && message.status && !message.status.startsWith('Pulling from')) {
      const layer = this.layers.get(id) ?? { current: 0, total: 0, done: false };
      const detail = message.progressDetail;
      if (message.status === 'Downloading' && detail?.total) {
        layer.current = detail.current ?? layer.current;
        layer.total = detail.total;
      }
      if (DONE_STATUSES.has(message.status)) {
        layer.done = true;
        layer.current = layer.total;
      }
      this.layers.set(id, layer);
    }
    return this.snapshot();
  }

  snapshot(): PullProgress {
    let current = 0;
    let total = 0;
    let layersDone = 0;
    for (const layer of this.layers.values()) {
      current += layer.current;
      total += layer.total;
      if (layer.done) layersDone += 1;
    }
    return { current, total, layersDone, layers: this.layers.size, status: this.status };
  }
}

/** `busybox` means `busybox:latest`; without the tag the engine would pull every tag. */
export function withDefaultTag(ref: string): string {
  if (ref.includes('@')) return ref;
  const lastSegment = ref.slice(ref.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? ref : `${ref}:latest`;
}
