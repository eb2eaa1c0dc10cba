import { randomBytes } from 'node:crypto';
import { LABEL_ONE_OFF, LABEL_PROJECT, LABEL_PROJECT_DIR, type ContainerCreateSpec, type ContainerState, type Engine } from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';

/** Marks a volume devstack made to restore into; never one a service mounts, so `up` ignores it. */
const LABEL_STAGING = 'dev.devstack.snapshot-staging';

const ownership = (stack: StackSpec) => ({ [LABEL_PROJECT]: stack.name, [LABEL_PROJECT_DIR]: stack.projectDir });

/**
 * Short-lived containers and volumes a snapshot needs, each labelled as this project's (and one-off, so
 * no command mistakes a container for a service's), all removed by `dispose` however the work ended.
 */
export class Scratch {
  private readonly containers: string[] = [];
  private readonly volumes: string[] = [];

  constructor(
    private readonly engine: Engine,
    private readonly stack: StackSpec,
  ) {}

  /** An empty volume to restore `target` (a volume's engine name) into, labelled as this project's. */
  async stagingVolume(target: string): Promise<string> {
    const name = `${target}.restore-${randomBytes(3).toString('hex')}`;
    await this.engine.createVolume(name, { ...ownership(this.stack), [LABEL_STAGING]: target });
    this.volumes.push(name);
    return name;
  }

  /** A container of `image` with no network, for archive copies (never started) or a short job. */
  async container(purpose: string, image: string, spec: Partial<ContainerCreateSpec> & Pick<ContainerCreateSpec, 'mounts'>): Promise<string> {
    const id = await this.engine.createContainer({
      name: `${this.stack.name}-snapshot-${purpose}-${randomBytes(3).toString('hex')}`,
      image,
      env: {},
      ports: [],
      network: 'none',
      aliases: [],
      ...spec,
      labels: { ...ownership(this.stack), [LABEL_ONE_OFF]: 'snapshot', ...spec.labels },
    });
    this.containers.push(id);
    return id;
  }

  /** Waits for a started container to exit; returns its state then. */
  async exited(id: string, timeoutMs: number): Promise<ContainerState> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const state = await this.engine.inspectContainer(id);
      if (!state) throw new Error(`container ${id.slice(0, 12)} disappeared`);
      if (state.status === 'exited' || state.status === 'dead') return state;
      if (Date.now() > until) throw new Error(`container ${state.name} did not finish within ${Math.round(timeoutMs / 1000)} s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async dispose(): Promise<void> {
    for (const id of this.containers.splice(0)) await this.engine.removeContainer(id, true).catch(() => undefined);
    for (const name of this.volumes.splice(0)) await this.engine.removeVolume(name).catch(() => undefined);
  }
}

/**
 * Removes what a snapshot command killed mid-way (SIGKILL, a crash) left of this project: helper
 * containers and staging volumes. Called under the project's lock, so no live command owns them.
 */
export async function clearLeftovers(engine: Engine, stack: StackSpec): Promise<void> {
  const ours = (labels: Record<string, string>) => labels[LABEL_PROJECT_DIR] === stack.projectDir;
  for (const c of await engine.listContainers({ [LABEL_PROJECT]: stack.name, [LABEL_ONE_OFF]: 'snapshot' }))
    if (ours(c.labels)) await engine.removeContainer(c.id, true);
  for (const v of await engine.listVolumes({ [LABEL_PROJECT]: stack.name, [LABEL_STAGING]: true })) if (ours(v.labels)) await engine.removeVolume(v.name);
}

/** Runs a job in a started container until it succeeds or time runs out, e.g. a readiness probe. */
export async function until(what: string, timeoutMs: number, attempt: () => Promise<boolean>, alive: () => Promise<string | undefined>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 1000)) {
    if (await attempt()) return;
    const dead = await alive();
    if (dead) throw new Error(`${what}: ${dead}`);
    if (Date.now() > deadline) throw new Error(`${what}: not within ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
