import { ServiceNotRunningError } from '../errors.js';
import type { StackSpec } from '../model/stack.js';
import { LABEL_ONE_OFF, LABEL_PROJECT, LABEL_PROJECT_DIR, LABEL_SERVICE, type ContainerState, type ContainerSummary, type Engine } from '../engine/types.js';

/** A service's own containers: our project label and directory, one-off `run` containers left out. */
export async function serviceContainers(engine: Engine, stack: StackSpec, service?: string): Promise<ContainerSummary[]> {
  const labels = { [LABEL_PROJECT]: stack.name, ...(service ? { [LABEL_SERVICE]: service } : {}) };
  return (await engine.listContainers(labels)).filter(
    (c) => (c.labels[LABEL_PROJECT_DIR] ?? stack.projectDir) === stack.projectDir && !c.labels[LABEL_ONE_OFF],
  );
}

/** The service's container as it is now, the running one when there are several; undefined when it has none. */
export async function currentContainer(engine: Engine, stack: StackSpec, service: string): Promise<ContainerState | undefined> {
  const summaries = await serviceContainers(engine, stack, service);
  const states = (await Promise.all(summaries.map((c) => engine.inspectContainer(c.id)))).filter((s): s is ContainerState => Boolean(s));
  return states.find((s) => s.status === 'running') ?? states[0];
}

/** For commands that work inside a container: throws, with the command that starts it, when it is not running. */
export async function runningContainer(engine: Engine, stack: StackSpec, service: string, startCommand: string): Promise<ContainerState> {
  const container = await currentContainer(engine, stack, service);
  if (container?.status !== 'running') {
    const state = !container ? 'no container' : container.status === 'exited' ? `exited with code ${container.exitCode}` : container.status;
    throw new ServiceNotRunningError(service, state, startCommand);
  }
  return container;
}
