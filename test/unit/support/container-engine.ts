import { LABEL_PROJECT, LABEL_SERVICE, type ContainerSummary, type Engine } from '../../../src/engine/types.js';

/**
 * Just enough engine for stop and down: one running container per service, every call recorded in
 * order, a stop that takes `delayMs`, and the services whose stop fails with the error given.
 */
export function containerEngine(
  project: string,
  services: string[],
  options: { delayMs?: number; failing?: Record<string, unknown> } = {},
): Engine & { calls: string[] } {
  const calls: string[] = [];
  const containers: ContainerSummary[] = services.map((service) => ({
    id: `id-${service}`,
    name: `${project}-${service}-1`,
    labels: { [LABEL_PROJECT]: project, [LABEL_SERVICE]: service },
    status: 'running',
    hostPorts: [],
  }));
  const serviceOf = (id: string) => id.replace(/^id-/, '');
  const engine = {
    calls,
    listContainers: async () => containers,
    stopContainer: async (id: string) => {
      calls.push(`stop ${serviceOf(id)}`);
      await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 5));
      const failure = options.failing?.[serviceOf(id)];
      if (failure !== undefined) throw failure;
      calls.push(`stopped ${serviceOf(id)}`);
    },
    removeContainer: async (id: string) => {
      calls.push(`removed ${serviceOf(id)}`);
    },
    inspectNetwork: async () => undefined,
  };
  return engine as unknown as Engine & { calls: string[] };
}
