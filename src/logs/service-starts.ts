import { LABEL_ONE_OFF, LABEL_PROJECT, LABEL_PROJECT_DIR, LABEL_SERVICE, type Engine } from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';

/**
 * Container starts in the project, by service, from the engine's event stream: a follower waits here
 * for its service to come back after a restart or recreate, and a service started for the first time
 * is announced. Waits also end after a bound, so an event missed while connecting costs a delay, not a line.
 */
export class ServiceStarts {
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly controller = new AbortController();

  static watch(engine: Engine, stack: StackSpec, onStart: (service: string) => void): ServiceStarts {
    const starts = new ServiceStarts();
    void starts.listen(engine, stack, onStart);
    return starts;
  }

  private async listen(engine: Engine, stack: StackSpec, onStart: (service: string) => void): Promise<void> {
    const filters = { type: ['container'], event: ['start'], label: [`${LABEL_PROJECT}=${stack.name}`] };
    try {
      for await (const event of engine.events(filters, this.controller.signal)) {
        const service = event.attributes[LABEL_SERVICE];
        if (!service || event.attributes[LABEL_ONE_OFF] !== undefined) continue;
        if ((event.attributes[LABEL_PROJECT_DIR] ?? stack.projectDir) !== stack.projectDir) continue;
        onStart(service);
        const wake = this.waiters.get(service);
        this.waiters.delete(service);
        wake?.forEach((fn) => fn());
      }
    } catch {
      // Without events, waiters still wake at their bound: slower, never wrong.
    }
  }

  /** Resolves on the next start of one of the service's containers, after maxMs, or on abort. */
  next(service: string, maxMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiters.get(service)?.delete(done);
        resolve();
      };
      const timer = setTimeout(done, maxMs);
      signal.addEventListener('abort', done, { once: true });
      const set = this.waiters.get(service) ?? new Set();
      set.add(done);
      this.waiters.set(service, set);
    });
  }

  stop(): void {
    this.controller.abort();
  }
}
