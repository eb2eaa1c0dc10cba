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
 * Where the credentials come from, said truly: a list of the variables names them and whether the
 * project's .env sets them; without one, they are what the stack itself sets (its files, or the profile's defaults).
 */
function credentialsFrom(decl: EndpointDecl, dotenvKeys: ReadonlySet<string>, hasDotenv: boolean): string {
  if (typeof decl.credentials === 'string') return decl.credentials;
  if (!Array.isArray(decl.credentials)) return '';
  const keys = decl.credentials.filter((k): k is string => typeof k === 'string');
  const inDotenv = keys.filter((k) => dotenvKeys.has(k));
  if (inDotenv.length === keys.length) return `${keys.join(', ')} in .env`;
  const elsewhere = keys.filter((k) => !dotenvKeys.has(k));
  return `${inDotenv.length ? `${inDotenv.join(', ')} in .env; ` : ''}${elsewhere.join(', ')} as the stack files set ${elsewhere.length === 1 ? 'it' : 'them'} (${hasDotenv ? 'not in .env' : 'no .env'})`;
}

/**
 * What is where, once the stack runs: each service's declared endpoints with `{host}` and `{port:N}`
 * filled from the ports the engine actually published, and `{env:NAME}` from the service's own
 * environment (what the container really runs with, not a profile default). An endpoint whose port is
 * not published is left out.
 */
export function endpoints(
  stack: StackSpec,
  rows: ServiceStatus[],
  dotenv: { keys: ReadonlySet<string>; present: boolean } = { keys: new Set(), present: false },
): Endpoint[] {
  return rows.flatMap((row) =>
    declared(stack, row.service).flatMap((decl) => {
      if (typeof decl.url !== 'string') return [];
      let missing = false;
      const environment = stack.services[row.service]?.environment ?? {};
      const url = decl.url
        .replace(/\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => encodeURIComponent(environment[name] ?? ''))
        .replaceAll('{host}', '127.0.0.1')
        .replace(/\{port:(\d+)\}/g, (_, port: string) => {
          const published = row.ports.find((p) => p.containerPort === Number(port));
          if (!published) missing = true;
          return published ? new URL(published.url).port : port;
        });
      if (missing) return [];
      return [
        {
          service: row.service,
          name: typeof decl.name === 'string' ? decl.name : row.service,
          url,
          credentials: credentialsFrom(decl, dotenv.keys, dotenv.present),
        },
      ];
    }),
  );
}
