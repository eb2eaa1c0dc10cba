import { LABEL_PROJECT, type ContainerStats, type Engine } from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';
import { endpoints } from '../profiles/endpoints.js';
import { status } from '../run/status.js';
import { listSnapshots } from '../snapshot/store.js';
import type { SecretRegistry } from '../ui/secret-registry.js';
import type { ProjectView, ServiceView, SnapshotView } from './view.js';

/** Engine events come in bursts (create, start, health, exec...): one read per burst. */
const SETTLE_MS = 120;
/** A safety net for what sends no event, such as a new probe output while the health stays the same. */
const REFRESH_MS = 3000;

/**
 * The project as the page shows it, kept current from the engine's event stream (not polled by the
 * browser): `status` for the rows `devstack status` prints, an inspect per container for what only the
 * dashboard shows (probe outputs, restarts, image), and one stats stream per running container.
 */
export class ProjectState {
  private view: ProjectView;
  private readonly stats = new Map<string, { stats: ContainerStats | undefined; stop: AbortController }>();
  private readonly controller = new AbortController();
  private readonly listeners = new Set<(view: ProjectView) => void>();
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private again = false;
  private last = '';
  /** Which service each running container (by id) belongs to, for stats samples. */
  private owners = new Map<string, string>();

  constructor(
    private readonly engine: Engine,
    private readonly stack: StackSpec,
    private readonly secrets: SecretRegistry,
    private readonly watching: boolean,
  ) {
    this.view = { project: stack.name, projectDir: stack.projectDir, services: [], endpoints: [], snapshots: [], watching };
  }

  /** Reads the project once, then follows it until stop(). */
  async start(): Promise<void> {
    void this.listen();
    await this.refresh();
    // Ctrl-C can come while the first read is under way: an abort listener added now would never fire.
    if (this.controller.signal.aborted) return;
    const tick = setInterval(() => this.schedule(), REFRESH_MS);
    tick.unref();
    this.controller.signal.addEventListener('abort', () => clearInterval(tick), { once: true });
  }

  current(): ProjectView {
    return this.view;
  }

  onChange(listener: (view: ProjectView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Read again soon (after an action, or an engine event). */
  schedule(delayMs = SETTLE_MS): void {
    if (this.timer || this.controller.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delayMs);
  }

  /** One read at a time; a request during a read makes one more read after it. */
  refresh(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = this.read()
      .catch(() => undefined)
      .finally(() => {
        this.reading = undefined;
        if (this.again) {
          this.again = false;
          void this.refresh();
        }
      });
    return this.reading;
  }

  stop(): void {
    this.controller.abort();
    clearTimeout(this.timer);
    for (const entry of this.stats.values()) entry.stop.abort();
  }

  private async listen(): Promise<void> {
    const filters = { type: ['container'], label: [`${LABEL_PROJECT}=${this.stack.name}`] };
    while (!this.controller.signal.aborted) {
      try {
        for await (const _event of this.engine.events(filters, this.controller.signal)) this.schedule();
      } catch {
        // The engine went away for a moment: the periodic read carries on, and so do we after a pause.
      }
      await new Promise((resolve) => setTimeout(resolve, 1000).unref());
    }
  }

  private async read(): Promise<void> {
    const rows = await status(this.engine, this.stack);
    const states = await Promise.all(rows.map((row) => (row.container ? this.engine.inspectContainer(row.container) : undefined)));
    const services: ServiceView[] = rows.map((row, i) => {
      const state = states[i];
      const spec = this.stack.services[row.service];
      const sample = state && this.stats.get(state.id)?.stats;
      return {
        service: row.service,
        container: row.container,
        state: row.state,
        health: row.health,
        healthLog: state?.healthLog.slice(-5) ?? [],
        ports: row.ports,
        image: state?.image ?? spec?.image ?? (spec?.build ? `${this.stack.name}-${row.service}` : ''),
        mode: row.mode,
        startedAt: row.startedAt,
        restartCount: state?.restartCount ?? 0,
        dependsOn: Object.keys(spec?.dependsOn ?? {}),
        build: Boolean(spec?.build),
        debug: row.debug,
        cpuPercent: sample ? sample.cpuPercent : null,
        memoryBytes: sample ? sample.memoryBytes : null,
        memoryLimitBytes: sample ? sample.memoryLimitBytes : null,
      };
    });
    this.owners = new Map(rows.flatMap((row, i) => (states[i]?.status === 'running' ? [[states[i]!.id, row.service] as const] : [])));
    this.followStats([...this.owners.keys()]);
    const snapshots: SnapshotView[] = (await listSnapshots(this.stack).catch(() => [])).map(({ manifest: m }) => ({
      name: m.name,
      createdAt: m.createdAt,
      automatic: m.automatic,
      ...(m.reason ? { reason: m.reason } : {}),
      bytes: m.bytes,
      volumes: m.volumes.map((v) => v.name),
    }));
    this.publish(this.secrets.maskData({ ...this.view, services, endpoints: endpoints(this.stack, rows), snapshots }));
  }

  private publish(view: ProjectView): void {
    const text = JSON.stringify(view);
    if (text === this.last) return;
    this.last = text;
    this.view = view;
    for (const listener of this.listeners) listener(view);
  }

  /**
   * Keeps one stats stream per running container; a sample changes only the numbers, so it is applied in place.
   * Each stream also ends with the dashboard: one opened by a read that was under way at stop() would keep the process alive.
   */
  private followStats(running: string[]): void {
    for (const [id, entry] of this.stats) {
      if (!running.includes(id)) {
        entry.stop.abort();
        this.stats.delete(id);
      }
    }
    for (const id of running) {
      if (this.stats.has(id)) continue;
      if (this.controller.signal.aborted) return;
      const stop = new AbortController();
      const entry: { stats: ContainerStats | undefined; stop: AbortController } = { stats: undefined, stop };
      this.stats.set(id, entry);
      void (async () => {
        try {
          for await (const sample of this.engine.stats(id, AbortSignal.any([stop.signal, this.controller.signal]))) {
            entry.stats = sample;
            this.applyStats(id, sample);
          }
        } catch {
          // The container stopped or went away: the next read drops its numbers.
        }
      })();
    }
  }

  private applyStats(id: string, sample: ContainerStats): void {
    const service = this.owners.get(id);
    if (!service) return;
    this.publish({
      ...this.view,
      services: this.view.services.map((s) =>
        s.service === service ? { ...s, cpuPercent: sample.cpuPercent, memoryBytes: sample.memoryBytes, memoryLimitBytes: sample.memoryLimitBytes } : s,
      ),
    });
  }
}
