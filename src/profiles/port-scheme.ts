import type { ServiceSpec } from '../model/stack.js';

/**
 * The scheme a published port speaks, from the service's declared endpoints (`postgres://…{port:5432}`),
 * so `status` names Postgres and Redis as the URL table of `up` does; http when nothing is declared.
 */
export function portScheme(service: ServiceSpec | undefined, containerPort: number): string {
  const block = service?.extensions['x-devstack'] as { endpoints?: Array<{ url?: unknown }> } | undefined;
  for (const endpoint of Array.isArray(block?.endpoints) ? block.endpoints : []) {
    if (typeof endpoint.url !== 'string' || !endpoint.url.includes(`{port:${containerPort}}`)) continue;
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(endpoint.url)?.[1];
    if (scheme) return scheme;
  }
  return 'http';
}
