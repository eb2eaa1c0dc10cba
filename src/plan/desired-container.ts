import { configHash } from '../model/config-hash.js';
import type { ServiceSpec, StackSpec } from '../model/stack.js';
import { LABEL_CONFIG_HASH, LABEL_MODE, LABEL_PROJECT, LABEL_PROJECT_DIR, LABEL_SERVICE, type ContainerCreateSpec } from '../engine/types.js';
import { networkName } from './names.js';

export function imageFor(stack: StackSpec, service: ServiceSpec): string {
  return service.image ?? `${stack.name}-${service.name}`;
}

export function containerName(stack: StackSpec, service: string): string {
  return `${stack.name}-${service}-1`;
}

/**
 * The container a service should have. The hash covers every field that shapes the container,
 * so any change to them, and only such a change, recreates it.
 */
export function desiredContainer(stack: StackSpec, service: ServiceSpec): ContainerCreateSpec {
  const spec: ContainerCreateSpec = {
    name: containerName(stack, service.name),
    image: imageFor(stack, service),
    ...(service.command ? { command: service.command } : {}),
    ...(service.entrypoint ? { entrypoint: service.entrypoint } : {}),
    env: service.environment,
    labels: {
      ...service.labels,
      [LABEL_PROJECT]: stack.name,
      [LABEL_PROJECT_DIR]: stack.projectDir,
      [LABEL_SERVICE]: service.name,
      [LABEL_MODE]: stack.mode ?? 'dev',
    },
    ports: service.ports.map((p) => ({
      hostIp: p.hostIp,
      ...(p.hostPort ? { hostPort: p.hostPort } : {}),
      containerPort: p.containerPort,
      protocol: p.protocol,
    })),
    mounts: [...service.volumes, ...(service.tmpfs ?? [])].map((mount) =>
      mount.type === 'volume' ? { ...mount, source: stack.volumes[mount.source]?.name ?? mount.source } : mount,
    ),
    network: networkName(stack),
    aliases: [service.name],
    ...(service.healthcheck ? { healthcheck: service.healthcheck } : {}),
    ...(service.user ? { user: service.user } : {}),
    ...(service.workingDir ? { workingDir: service.workingDir } : {}),
    ...(service.init !== undefined ? { init: service.init } : {}),
    ...(service.readOnly ? { readOnlyRootfs: true } : {}),
    ...(service.stopSignal ? { stopSignal: service.stopSignal } : {}),
    ...(service.stopGracePeriodMs !== undefined ? { stopTimeoutSec: Math.ceil(service.stopGracePeriodMs / 1000) } : {}),
    ...(service.memLimitBytes ? { memoryBytes: service.memLimitBytes } : {}),
    ...(service.cpus ? { nanoCpus: Math.round(service.cpus * 1e9) } : {}),
    ...(service.securityOpt?.length ? { securityOpt: service.securityOpt } : {}),
    ...(service.capAdd?.length ? { capAdd: service.capAdd } : {}),
    ...(service.logging ? { logging: service.logging } : {}),
    ...(service.restart ? { restart: { name: service.restart, ...(service.restartMaxRetries ? { maximumRetryCount: service.restartMaxRetries } : {}) } } : {}),
  };
  spec.labels[LABEL_CONFIG_HASH] = configHash(spec);
  return spec;
}
