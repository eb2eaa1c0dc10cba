import type { StackSpec } from '../model/stack.js';
import type { ServiceStatus } from '../run/status.js';

export interface Endpoint {
  service: string;
  name: string;
  url: string;
  credentials: string;
}

interface EndpointDecl {
  name?: unknown;
  url?: unknown;
  credentials?: unknown;
}

function declared(stack: StackSpec, service: string): EndpointDecl[] {
  const block = stack.services[service]?.extensions['x-devstack'] as { endpoints?: unknown } | undefined;
  return Array.isArray(block?.endpoints) ? (block.endpoints as EndpointDecl[]) : [];
}

/**
 * What is where, once the stack runs: each service's declared endpoints with `{host}` and `{port:N}`
 * filled from the ports the engine actually published. An endpoint whose port is not published is left out.
 */
export function endpoints(stack: StackSpec, rows: ServiceStatus[]): Endpoint[] {
  return rows.flatMap((row) =>
    declared(stack, row.service).flatMap((decl) => {
      if (typeof decl.url !== 'string') return [];
      let missing = false;
      const url = decl.url
        .replaceAll('{host}', '127.0.0.1')
        .replace(/\{port:(\d+)\}/g, (_, port: string) => {
          const published = row.ports.find((p) => p.containerPort === Number(port));
          if (!published) missing = true;
          return published ? new URL(published.url).port : port;
        });
      if (missing) return [];
      return [{ service: row.service, name: typeof decl.name === 'string' ? decl.name : row.service, url, credentials: typeof decl.credentials === 'string' ? decl.credentials : '' }];
    }),
  );
}
