import {
  EngineExecutableMissingError,
  EnginePortTakenError,
  EnginePullError,
  InterruptedError,
  mergeErrors,
  PortInUseError,
  ServiceNotReadyError,
  ImageNotFoundError,
  type ServiceStanding,
} from '../errors.js';
import { formatBytes } from '../model/bytes.js';
import type { StackSpec } from '../model/stack.js';
import { LABEL_PROJECT, LABEL_PROJECT_DIR, LABEL_VOLUME, type Engine } from '../engine/types.js';
import { buildServiceImage } from '../build/build-service.js';
import { planUp, type ServiceStep, type UpOptions, type UpPlan } from '../plan/up-plan.js';
import { readActualState } from './actual-state.js';
import { ContainerEventHub } from './event-hub.js';
import type { Reporter } from './events.js';
import { finishLine } from './finish-line.js';
import { probedReady, readProbedReady, updateProbedReady, type ProbedReady } from './probed-ready.js';
import { waitUntilReady } from './readiness.js';
import { whereItStands } from './where-it-stands.js';
import { stopAndRemove } from './remove.js';
import { DependencyFailed, dependencyEdges, walk, type Turn } from './walk.js';

export interface UpRunOptions extends UpOptions {
  removeOrphans: boolean;
  timeoutMs: number;
  /** False for `--no-wait`: return once every container is started. */
  wait: boolean;
  signal: AbortSignal;
}

export interface UpResult {
  plan: UpPlan;
  changed: boolean;
}

/** One bar per image: every layer's bytes folded into one figure. */
function progressBar(current: number, total: number, width = 20): string {
  const filled = total > 0 ? Math.min(width, Math.round((current / total) * width)) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

class UpRun {
  private readonly images = new Map<string, Promise<void>>();
  private readonly hub: ContainerEventHub;
  private readonly deadline: number;
  private changed = false;
  /** Each service's last phase, for the summary an interrupt prints. */
  private readonly phases = new Map<string, string>();
  private readonly report: Reporter;
  /** What devstack's probe had found ready before this run, and what it finds in this one (probed-ready.ts). */
  private readonly probedBefore: ProbedReady;
  private readonly probedNow: ProbedReady = {};

  constructor(
    private readonly engine: Engine,
    private readonly stack: StackSpec,
    private readonly plan: UpPlan,
    private readonly options: UpRunOptions,
    report: Reporter,
  ) {
    this.report = (event) => {
      // An interrupt marks every unfinished service skipped; where it got to is what the summary must say.
      if (event.type === 'service' && !(event.phase === 'skipped' && this.phases.has(event.service))) this.phases.set(event.service, event.phase);
      report(event);
    };
    this.hub = ContainerEventHub.start(engine, stack.name);
    this.deadline = Date.now() + options.timeoutMs;
    this.probedBefore = readProbedReady(stack.projectDir);
  }

  private checkpoint(): void {
    if (this.options.signal.aborted) throw new InterruptedError([]);
  }

  private async ensureShared(): Promise<void> {
    if (await ensureSharedResources(this.engine, this.stack, this.plan, this.report)) this.changed = true;
  }

  /** One pull or build per image, however many services share it. */
  private image(step: ServiceStep): Promise<void> {
    const ref = step.container.image;
    let pending = this.images.get(ref);
    if (!pending) {
      pending = step.image === 'pull' ? this.pull(step, ref) : step.image === 'build' ? this.build(step, ref) : Promise.resolve();
      this.images.set(ref, pending);
    }
    return pending;
  }

  private async pull(step: ServiceStep, ref: string): Promise<void> {
    this.report({ type: 'service', service: step.service, phase: 'pulling', detail: ref });
    try {
      await this.engine.pullImage(
        ref,
        (p) =>
          this.report({
            type: 'progress',
            service: step.service,
            detail: `pulling ${ref} ${progressBar(p.current, p.total)} ${formatBytes(p.current)}/${formatBytes(p.total)} (${p.layersDone}/${p.layers} layers)`,
          }),
        this.options.signal,
      );
    } catch (error) {
      this.checkpoint();
      if (!(error instanceof EnginePullError)) throw error;
      throw new ImageNotFoundError(ref, step.service, error.message, error.failure);
    }
  }

  private async build(step: ServiceStep, ref: string): Promise<void> {
    this.report({ type: 'service', service: step.service, phase: 'building', detail: ref });
    await buildServiceImage(this.engine, this.stack, step.service, { signal: this.options.signal }, (line) =>
      this.report({ type: 'output', service: step.service, line }),
    );
  }

  private async converge(step: ServiceStep, turn: Turn): Promise<void> {
    const started = Date.now();
    try {
      const [created] = await Promise.all([this.prepare(step, turn), turn.wait()]);
      this.checkpoint();
      const id = await this.apply(step, created);
      turn.reached('started');
      this.report({ type: 'service', service: step.service, phase: 'waiting' });
      const line = finishLine(this.plan.services, step.service, this.options.wait);
      const probedStart = await waitUntilReady(this.engine, this.hub, {
        service: step.service,
        containerId: id,
        readiness: line,
        ...(step.action !== 'keep' && step.container.healthcheck ? { healthcheck: step.container.healthcheck } : {}),
        probedBefore: (state) => probedReady(this.probedBefore, state),
        deadline: this.deadline,
        signal: this.options.signal,
        onProbe: (attempt, output) => this.report({ type: 'progress', service: step.service, detail: `probe ${attempt}: ${output}` }),
      });
      if (probedStart) this.probedNow[id] = { service: step.service, startedAt: probedStart };
      // A milestone is only awaited when finishLine() waited for at least that much.
      turn.reached('completed');
      this.report({ type: 'service', service: step.service, phase: step.action === 'keep' ? 'unchanged' : 'ready', elapsedMs: Date.now() - started });
    } catch (error) {
      const skipped = error instanceof DependencyFailed || error instanceof InterruptedError;
      this.report({
        type: 'service',
        service: step.service,
        phase: skipped ? 'skipped' : 'failed',
        detail: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
  }

  /**
   * Its image, and for a new service its container too, while its dependencies are still starting:
   * creating takes ~100 ms on the engine, which would otherwise sit on the critical path after each
   * dependency is ready. A created container is complete; if a dependency then fails, it stays
   * created (as Compose leaves it) and the next `up` starts it.
   */
  private async prepare(step: ServiceStep, turn: Turn): Promise<string | undefined> {
    await this.image(step);
    if (step.action !== 'create') return undefined;
    this.checkpoint();
    this.report({ type: 'service', service: step.service, phase: 'creating' });
    const id = await this.engine.createContainer(step.container);
    const waitingFor = turn.waitingFor();
    if (waitingFor.length) this.report({ type: 'progress', service: step.service, detail: `created; waiting for ${waitingFor.join(', ')}` });
    return id;
  }

  private async apply(step: ServiceStep, created: string | undefined): Promise<string> {
    const name = step.service;
    if (step.action === 'keep') return step.existingId!;
    this.changed = true;
    if (step.action === 'start') {
      this.report({ type: 'service', service: name, phase: 'starting', detail: step.reason });
      await this.start(step, step.existingId!);
      return step.existingId!;
    }
    let id = created;
    if (id === undefined) {
      this.report({ type: 'service', service: name, phase: 'recreating', detail: step.reason });
      await stopAndRemove(this.engine, step.existingId!, step.container.stopTimeoutSec ?? 10);
      // A container is created and started without a checkpoint between: an interrupt leaves it whole.
      id = await this.engine.createContainer(step.container);
    }
    this.report({ type: 'service', service: name, phase: 'starting' });
    await this.start(step, id);
    return id;
  }

  private async start(step: ServiceStep, id: string): Promise<void> {
    try {
      await this.engine.startContainer(id);
    } catch (error) {
      if (error instanceof EnginePortTakenError) {
        const port = error.binding ?? step.container.ports.map((p) => p.hostPort).join(', ');
        throw new PortInUseError(step.service, port, error.hostPort !== undefined ? await this.portHolder(error.hostPort) : undefined);
      }
      if (error instanceof EngineExecutableMissingError) {
        throw new ServiceNotReadyError(
          step.service,
          'exited',
          `cannot start: its program "${error.executable}" is not in the image`,
          [],
          [],
          "Install it in the image (its Dockerfile), or change the service's command or entrypoint.",
        );
      }
      throw error;
    }
  }

  /** Another container is the usual holder of a port; processes are doctor's business (issue 8). */
  private async portHolder(port: number): Promise<string | undefined> {
    const holder = (await this.engine.listContainers({})).find((c) => c.status === 'running' && c.hostPorts.includes(port));
    if (!holder) return undefined;
    const project = holder.labels[LABEL_PROJECT];
    return `container ${holder.name}${project ? ` (devstack project "${project}" in ${holder.labels[LABEL_PROJECT_DIR] ?? '?'}; \`devstack down -p ${project}\` there frees it)` : ''}`;
  }

  private async orphans(): Promise<void> {
    for (const orphan of this.plan.orphans) {
      if (!this.options.removeOrphans) {
        this.report({
          type: 'note',
          level: 'warn',
          message: `Service ${orphan.service} is no longer in the stack file but its container ${orphan.name} remains; remove it with --remove-orphans.`,
        });
        continue;
      }
      await stopAndRemove(this.engine, orphan.id, 10);
      this.changed = true;
      this.report({ type: 'resource', kind: 'container', name: orphan.name, action: 'removed' });
    }
  }

  /** What is running and what is not, when an interrupt stops the run. */
  private summary(): ServiceStanding[] {
    return this.plan.services.map(({ service }) => ({ service, state: whereItStands(this.phases.get(service)) }));
  }

  async run(): Promise<UpResult> {
    this.report({ type: 'plan', services: this.plan.services.map((s) => ({ service: s.service, action: s.action, reason: s.reason })) });
    try {
      await this.ensureShared();
      await this.orphans();
      const steps = new Map(this.plan.services.map((step) => [step.service, step]));
      const result = await walk({
        services: [...steps.keys()],
        edges: dependencyEdges(this.stack),
        signal: this.options.signal,
        visit: (service, turn) => this.converge(steps.get(service)!, turn),
      });
      if (result.interrupted) throw new InterruptedError(this.summary());
      if (result.errors.length) throw mergeErrors(result.errors);
      return { plan: this.plan, changed: this.changed };
    } finally {
      this.hub.stop();
      updateProbedReady(
        this.stack.projectDir,
        this.probedBefore,
        this.plan.services.map((s) => s.service),
        this.probedNow,
      );
    }
  }
}

/** Creates the project's network and volumes the plan found missing, with our labels; true when it created any. */
export async function ensureSharedResources(engine: Engine, stack: StackSpec, plan: UpPlan, report: Reporter): Promise<boolean> {
  const labels = { [LABEL_PROJECT]: stack.name, [LABEL_PROJECT_DIR]: stack.projectDir };
  if (plan.network.create) {
    await engine.createNetwork(plan.network.name, labels);
    report({ type: 'resource', kind: 'network', name: plan.network.name, action: 'created' });
  }
  const missing = plan.volumes.filter((v) => v.create);
  await Promise.all(
    missing.map(async (v) => {
      await engine.createVolume(v.name, { ...labels, [LABEL_VOLUME]: v.key, ...stack.volumes[v.key]?.labels });
      report({ type: 'resource', kind: 'volume', name: v.name, action: 'created' });
    }),
  );
  return plan.network.create || missing.length > 0;
}

export async function up(engine: Engine, stack: StackSpec, options: UpRunOptions, report: Reporter): Promise<UpResult> {
  const actual = await readActualState(engine, stack);
  const { plan, conflicts } = planUp(stack, actual, options);
  if (conflicts.length) throw mergeErrors(conflicts);
  return new UpRun(engine, stack, plan, options, report).run();
}
