import type { ContainerState, ContainerStatus, HealthStatus, PublishedPort } from './types.js';
import { familiarName } from './familiar-name.js';

/** The parts of the engine's container inspect JSON we read; everything else is ignored. */
export interface InspectJson {
  Id: string;
  Name: string;
  Image: string;
  RestartCount?: number;
  State: {
    Status: string;
    ExitCode: number;
    OOMKilled?: boolean;
    StartedAt?: string;
    Health?: { Status: string; Log?: Array<{ Start?: string; Output?: string; ExitCode?: number }> };
  };
  Config: {
    Image: string;
    User?: string;
    Labels?: Record<string, string> | null;
    Healthcheck?: { Test?: string[]; Timeout?: number; Interval?: number };
  };
  NetworkSettings?: { Ports?: Record<string, Array<{ HostIp: string; HostPort: string }> | null> | null };
}

const NS_PER_MS = 1_000_000;

function mapPorts(ports: NonNullable<InspectJson['NetworkSettings']>['Ports']): PublishedPort[] {
  const result: PublishedPort[] = [];
  for (const [key, bindings] of Object.entries(ports ?? {})) {
    const [port, protocol = 'tcp'] = key.split('/');
    for (const binding of bindings ?? []) {
      result.push({ containerPort: Number(port), protocol, hostIp: binding.HostIp, hostPort: Number(binding.HostPort) });
    }
  }
  return result.sort((a, b) => a.containerPort - b.containerPort || a.hostIp.localeCompare(b.hostIp));
}

function mapHealthcheck(check: InspectJson['Config']['Healthcheck']): ContainerState['healthcheck'] {
  const test = check?.Test;
  if (!test || test.length === 0 || test[0] === 'NONE') return undefined;
  return {
    test,
    ...(check.Timeout ? { timeoutMs: check.Timeout / NS_PER_MS } : {}),
    ...(check.Interval ? { intervalMs: check.Interval / NS_PER_MS } : {}),
  };
}

function checksSince(log: Array<{ Start?: string }>, startedAt: string | undefined): number {
  const start = startedAt ? Date.parse(startedAt) : NaN;
  return Number.isNaN(start) ? log.length : log.filter((entry) => !entry.Start || Date.parse(entry.Start) >= start).length;
}

export function mapInspect(json: InspectJson): ContainerState {
  const health = json.State.Health;
  return {
    id: json.Id,
    name: json.Name.replace(/^\//, ''),
    imageId: json.Image,
    image: familiarName(json.Config.Image),
    labels: json.Config.Labels ?? {},
    status: json.State.Status as ContainerStatus,
    health: (health?.Status as HealthStatus | undefined) ?? 'none',
    exitCode: json.State.ExitCode,
    oomKilled: json.State.OOMKilled ?? false,
    ...(json.State.StartedAt && !json.State.StartedAt.startsWith('0001') ? { startedAt: json.State.StartedAt } : {}),
    ports: mapPorts(json.NetworkSettings?.Ports),
    ...(mapHealthcheck(json.Config.Healthcheck) ? { healthcheck: mapHealthcheck(json.Config.Healthcheck) } : {}),
    healthLog: (health?.Log ?? []).map((entry) => (entry.Output ?? '').trim()).filter(Boolean),
    healthChecksSinceStart: checksSince(health?.Log ?? [], json.State.StartedAt),
    restartCount: json.RestartCount ?? 0,
    ...(json.Config.User ? { user: json.Config.User } : {}),
  };
}
