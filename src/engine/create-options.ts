import { engineHealthcheck, unsplitTest } from './health-timing.js';
import type { ContainerCreateSpec } from './types.js';

/**
 * Our create spec in the engine's own vocabulary (POST /containers/create), for an engine of API
 * `apiVersion`; `podman` for Podman's compat API, which splits a CMD healthcheck's arguments.
 */
export function toCreateOptions(spec: ContainerCreateSpec, apiVersion = '1.41', podman = false): Record<string, unknown> {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const port of spec.ports) {
    const key = `${port.containerPort}/${port.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: port.hostIp, HostPort: port.hostPort ? String(port.hostPort) : '' });
  }
  const health = spec.healthcheck && podman ? { ...spec.healthcheck, test: unsplitTest(spec.healthcheck.test) } : spec.healthcheck;
  return {
    name: spec.name,
    Image: spec.image,
    ...(spec.command ? { Cmd: spec.command } : {}),
    ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
    Env: Object.entries(spec.env).map(([key, value]) => `${key}=${value}`),
    Labels: spec.labels,
    ExposedPorts: exposed,
    ...(spec.user ? { User: spec.user } : {}),
    ...(spec.workingDir ? { WorkingDir: spec.workingDir } : {}),
    ...(spec.stopSignal ? { StopSignal: spec.stopSignal } : {}),
    ...(spec.stopTimeoutSec !== undefined ? { StopTimeout: spec.stopTimeoutSec } : {}),
    ...(spec.tty ? { Tty: true } : {}),
    // StdinOnce: the container's stdin closes when our attached stdin ends, as `docker run -i` does.
    ...(spec.openStdin ? { OpenStdin: true, StdinOnce: true, AttachStdin: true } : {}),
    ...(health ? { Healthcheck: engineHealthcheck(health, apiVersion) } : {}),
    HostConfig: {
      NetworkMode: spec.network,
      PortBindings: bindings,
      Mounts: spec.mounts.map((mount) =>
        mount.type === 'tmpfs'
          ? { Type: 'tmpfs', Target: mount.target, ...(mount.sizeBytes ? { TmpfsOptions: { SizeBytes: mount.sizeBytes } } : {}) }
          : { Type: mount.type, Source: mount.source, Target: mount.target, ReadOnly: mount.readOnly },
      ),
      ...(spec.init !== undefined ? { Init: spec.init } : {}),
      ...(spec.readOnlyRootfs ? { ReadonlyRootfs: true } : {}),
      ...(spec.memoryBytes ? { Memory: spec.memoryBytes } : {}),
      ...(spec.nanoCpus ? { NanoCpus: spec.nanoCpus } : {}),
      ...(spec.securityOpt?.length ? { SecurityOpt: spec.securityOpt } : {}),
      ...(spec.capAdd?.length ? { CapAdd: spec.capAdd } : {}),
      ...(spec.logging ? { LogConfig: { Type: spec.logging.driver, Config: spec.logging.options } } : {}),
      ...(spec.pidMode ? { PidMode: spec.pidMode } : {}),
      ...(spec.consoleSize ? { ConsoleSize: [spec.consoleSize.rows, spec.consoleSize.columns] } : {}),
      ...(spec.restart ? { RestartPolicy: { Name: spec.restart.name, MaximumRetryCount: spec.restart.maximumRetryCount ?? 0 } } : {}),
    },
    // An endpoint (for aliases) exists only on a network a container joins: Podman refuses one for `none`
    // or `host` ("networks ... can only be used with Bridge mode networking"), Docker ignores it.
    ...(ENDPOINTLESS.test(spec.network) ? {} : { NetworkingConfig: { EndpointsConfig: { [spec.network]: { Aliases: spec.aliases } } } }),
  };
}

const ENDPOINTLESS = /^(none|host|container:.*)$/;
