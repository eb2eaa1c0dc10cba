import type { ServiceSpec, StackSpec } from '../model/stack.js';

export interface MetricsTarget {
  service: string;
  path: string;
  port: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `x-devstack.metrics: {path, port}` on a service; `metrics: false` opts a service out. */
function metricsOf(service: ServiceSpec): MetricsTarget | undefined {
  const block = service.extensions['x-devstack'];
  if (!isRecord(block) || !isRecord(block.metrics)) return undefined;
  const { path = '/metrics', port } = block.metrics;
  const number = Number(port);
  if (typeof path !== 'string' || !Number.isInteger(number) || number < 1 || number > 65535) return undefined;
  return { service: service.name, path, port: number };
}

export function metricsTargets(stack: StackSpec): MetricsTarget[] {
  return Object.values(stack.services)
    .map(metricsOf)
    .filter((target): target is MetricsTarget => target !== undefined);
}
