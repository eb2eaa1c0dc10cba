import type { Engine } from '../engine/types.js';
import { LABEL_PROJECT } from '../engine/types.js';

/**
 * One subscription to the engine's event stream for a whole run; waiters ask to be woken when
 * something happens to their container, instead of sleeping out an interval.
 */
export class ContainerEventHub {
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly controller = new AbortController();

  static start(engine: Engine, project: string): ContainerEventHub {
    const hub = new ContainerEventHub();
    void hub.listen(engine, project);
    return hub;
  }

  private async listen(engine: Engine, project: string): Promise<void> {
    try {
      const filters = { type: ['container'], label: [`${LABEL_PROJECT}=${project}`] };
      for await (const event of engine.events(filters, this.controller.signal)) {
        const wake = this.waiters.get(event.id);
        this.waiters.delete(event.id);
        wake?.forEach((fn) => fn());
      }
    } catch {
      // Without events, waiters still wake on their own back-off: slower, never wrong.
    }
  }

  /** Resolves on the next event for that container, or after maxMs, whichever comes first. */
  next(containerId: string, maxMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiters.get(containerId)?.delete(done);
        resolve();
      };
      const timer = setTimeout(done, maxMs);
      signal.addEventListener('abort', done, { once: true });
      const set = this.waiters.get(containerId) ?? new Set();
      set.add(done);
      this.waiters.set(containerId, set);
    });
  }

  stop(): void {
    this.controller.abort();
  }
}
