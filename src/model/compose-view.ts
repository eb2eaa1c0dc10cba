import type { HealthcheckSpec, MountSpec, PortSpec, ServiceSpec, StackSpec } from './stack.js';

/**
 * The stack in the shape `docker compose config --format json` prints, so the two can be compared field by
 * field. Differences that remain are deliberate and listed in COMPOSE_EXCEPTIONS (src/config/compose-exceptions.ts).
 */
export function composeView(stack: Omit<StackSpec, 'secretValues'>): Record<string, unknown> {
  const volumeKeys = new Map(Object.values(stack.volumes).map((volume) => [volume.name, volume.key]));
  // Like Compose, every `$` is printed as `$$`, so the output is itself a valid Compose file.
  const services = escapeDollars(Object.fromEntries(Object.values(stack.services).map((service) => [service.name, serviceView(service, volumeKeys)])));
  const volumes = Object.fromEntries(
    Object.values(stack.volumes).map((volume) => [
      volume.key,
      { name: volume.name, ...(volume.external ? { external: true } : {}), ...(Object.keys(volume.labels).length ? { labels: volume.labels } : {}) },
    ]),
  );
  return {
    name: stack.name,
    networks: { default: { name: `${stack.name}_default`, ipam: {} } },
    services,
    ...(Object.keys(volumes).length ? { volumes } : {}),
  };
}

function serviceView(service: ServiceSpec, volumeKeys: Map<string, string>): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  const put = (key: string, value: unknown) => {
    if (value !== undefined) view[key] = value;
  };
  put('profiles', service.serviceProfiles);
  if (service.build) {
    const { context, dockerfile, target, args, labels } = service.build;
    put('build', { context, dockerfile, ...(target ? { target } : {}), ...(nonEmpty(args) ? { args } : {}), ...(nonEmpty(labels) ? { labels } : {}) });
  }
  put('cap_add', service.capAdd);
  // Compose prints an unset command and entrypoint as null.
  view.command = service.command ?? null;
  put('cpus', service.cpus);
  if (nonEmpty(service.dependsOn)) {
    put(
      'depends_on',
      Object.fromEntries(
        Object.entries(service.dependsOn).map(([name, dep]) => [
          name,
          { condition: dep.condition, required: dep.required, ...(dep.restart ? { restart: true } : {}) },
        ]),
      ),
    );
  }
  view.entrypoint = service.entrypoint ?? null;
  if (nonEmpty(service.environment)) put('environment', service.environment);
  put('healthcheck', service.healthcheck && healthcheckView(service.healthcheck));
  put('image', service.image);
  put('init', service.init);
  if (nonEmpty(service.labels)) put('labels', service.labels);
  put('logging', service.logging && { driver: service.logging.driver, ...(nonEmpty(service.logging.options) ? { options: service.logging.options } : {}) });
  put('mem_limit', service.memLimitBytes === undefined ? undefined : String(service.memLimitBytes));
  view.networks = { default: null };
  if (service.ports.length) put('ports', service.ports.map(portView));
  put('read_only', service.readOnly);
  put('restart', service.restart && (service.restartMaxRetries !== undefined ? `${service.restart}:${service.restartMaxRetries}` : service.restart));
  put('security_opt', service.securityOpt);
  put('stop_grace_period', service.stopGracePeriodMs === undefined ? undefined : goDuration(service.stopGracePeriodMs));
  put('stop_signal', service.stopSignal);
  put(
    'tmpfs',
    service.tmpfs?.map((mount) => (mount.type === 'tmpfs' && mount.sizeBytes !== undefined ? `${mount.target}:size=${mount.sizeBytes}` : mount.target)),
  );
  put('user', service.user);
  if (service.volumes.length)
    put(
      'volumes',
      service.volumes.map((mount) => mountView(mount, volumeKeys)),
    );
  put('working_dir', service.workingDir);
  put('develop', service.develop);
  for (const [key, value] of Object.entries(service.extensions)) put(key, value);
  return view;
}

function healthcheckView(check: HealthcheckSpec): Record<string, unknown> {
  if (check.test[0] === 'NONE' && check.test.length === 1) return { disable: true };
  return {
    test: check.test,
    ...(check.timeoutMs !== undefined ? { timeout: goDuration(check.timeoutMs) } : {}),
    ...(check.intervalMs !== undefined ? { interval: goDuration(check.intervalMs) } : {}),
    ...(check.retries !== undefined ? { retries: check.retries } : {}),
    ...(check.startPeriodMs !== undefined ? { start_period: goDuration(check.startPeriodMs) } : {}),
    ...(check.startIntervalMs !== undefined ? { start_interval: goDuration(check.startIntervalMs) } : {}),
  };
}

function portView(port: PortSpec): Record<string, unknown> {
  return {
    mode: 'ingress',
    host_ip: port.hostIp,
    target: port.containerPort,
    ...(port.hostPort !== undefined ? { published: String(port.hostPort) } : {}),
    protocol: port.protocol,
  };
}

function mountView(mount: MountSpec, volumeKeys: Map<string, string>): Record<string, unknown> {
  if (mount.type === 'tmpfs')
    return { type: 'tmpfs', target: mount.target, ...(mount.sizeBytes !== undefined ? { tmpfs: { size: String(mount.sizeBytes) } } : {}) };
  const readOnly = mount.readOnly ? { read_only: true } : {};
  if (mount.type === 'bind') return { type: 'bind', source: mount.source, target: mount.target, ...readOnly };
  return { type: 'volume', source: volumeKeys.get(mount.source) ?? mount.source, target: mount.target, ...readOnly };
}

function escapeDollars<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('$', '$$$$') as T;
  if (Array.isArray(value)) return value.map(escapeDollars) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, escapeDollars(item)])) as T;
  return value;
}

function nonEmpty(record: Record<string, unknown>): boolean {
  return Object.keys(record).length > 0;
}

/** Go's time.Duration.String(), which Compose prints durations with: 1m30s, 1m0s, 500ms, 1h0m0s. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = `${(ms % 60_000) / 1000}s`;
  if (hours > 0) return `${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${minutes}m${seconds}`;
  return seconds;
}
