import { randomBytes } from 'node:crypto';
import { StackNotUpError } from '../errors.js';
import {
  LABEL_CONFIG_HASH,
  LABEL_ONE_OFF,
  type AttachedProcess,
  type ContainerCreateSpec,
  type Engine,
  type ProcessIo,
  type TerminalSize,
} from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';
import { desiredContainer } from '../plan/desired-container.js';
import { networkName } from '../plan/names.js';

/**
 * A one-off container from a service's spec: same image, environment, mounts and network, with the
 * command given. It publishes no ports and takes no network alias, so it cannot collide with the
 * service's own container or receive its traffic; its labels say whose it is and that it is a one-off.
 */
export function oneOffContainer(
  stack: StackSpec,
  service: string,
  command: string[],
  io: { tty: boolean; stdin: boolean; size?: TerminalSize | undefined },
  suffix: string,
): ContainerCreateSpec {
  const { labels, restart: _restart, healthcheck: _healthcheck, ...spec } = desiredContainer(stack, stack.services[service]!);
  const { [LABEL_CONFIG_HASH]: _hash, ...ownership } = labels;
  return {
    ...spec,
    name: `${stack.name}-${service}-run-${suffix}`,
    ...(command.length ? { command } : {}),
    labels: { ...ownership, [LABEL_ONE_OFF]: 'true' },
    ports: [],
    aliases: [],
    tty: io.tty,
    ...(io.tty && io.size ? { consoleSize: io.size } : {}),
    openStdin: io.stdin,
  };
}

export interface OneOffOptions {
  service: string;
  command: string[];
  tty: boolean;
  stdin: boolean;
  /** The terminal's window size, with a TTY. */
  size?: TerminalSize | undefined;
  /**
   * Runs the session with the caller's streams: it calls `start` with them, which attaches to the
   * container before starting it so no output is missed, and returns the exit code.
   */
  session: (start: (io: ProcessIo) => Promise<AttachedProcess>) => Promise<number>;
  /** The command that brings the stack up, for the hint when it is not. */
  upCommand: string;
  /** Told the container's id while it runs, e.g. to forward signals to it. */
  onRunning?: (containerId: string) => void;
}

/** Checks the project's network and the service's own volumes exist, as `up` makes them: the engine would otherwise make unlabelled ones. */
async function checkStackIsUp(engine: Engine, stack: StackSpec, spec: ContainerCreateSpec, upCommand: string): Promise<void> {
  if (!(await engine.inspectNetwork(networkName(stack)))) throw new StackNotUpError(`network ${networkName(stack)}`, upCommand);
  const ownVolumes = new Set(
    Object.values(stack.volumes)
      .filter((v) => !v.external)
      .map((v) => v.name),
  );
  for (const mount of spec.mounts) {
    if (mount.type === 'volume' && ownVolumes.has(mount.source) && !(await engine.inspectVolume(mount.source)))
      throw new StackNotUpError(`volume ${mount.source}`, upCommand);
  }
}

/** Runs the one-off container to its end and removes it, however it ends; returns its exit code. */
export async function runOneOff(engine: Engine, stack: StackSpec, options: OneOffOptions): Promise<number> {
  const spec = oneOffContainer(stack, options.service, options.command, options, randomBytes(3).toString('hex'));
  await checkStackIsUp(engine, stack, spec, options.upCommand);
  if (!(await engine.imageId(spec.image))) {
    if (stack.services[options.service]!.build) throw new StackNotUpError(`image ${spec.image}`, options.upCommand);
    await engine.pullImage(spec.image, () => undefined);
  }
  const id = await engine.createContainer(spec);
  try {
    return await options.session(async (io) => {
      const attached = await engine.attachContainer(id, io);
      await engine.startContainer(id);
      options.onRunning?.(id);
      return attached;
    });
  } finally {
    await engine.removeContainer(id, true);
  }
}
