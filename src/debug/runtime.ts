import type { ServiceSpec } from '../model/stack.js';

export const RUNTIMES = ['go', 'node', 'python', 'java'] as const;
export type Runtime = (typeof RUNTIMES)[number];

/** The port each debugger listens on unless told otherwise. */
export const DEFAULT_PORT: Record<Runtime, number> = { go: 2345, node: 9229, python: 5678, java: 5005 };

/** A service's `x-devstack.debug` block, as far as it is well formed. */
export interface DebugSettings {
  runtime?: Runtime;
  port?: number;
  remoteRoot?: string;
  /** Go package Delve builds when the service runs a rebuilder such as Air; default `.`. */
  goPackage?: string;
}

export function isRuntime(value: unknown): value is Runtime {
  return typeof value === 'string' && (RUNTIMES as readonly string[]).includes(value);
}

export function debugSettings(service: ServiceSpec): DebugSettings {
  const block = service.extensions['x-devstack'];
  const debug = block && typeof block === 'object' ? (block as Record<string, unknown>)['debug'] : undefined;
  if (!debug || typeof debug !== 'object') return {};
  const d = debug as Record<string, unknown>;
  const port = typeof d['port'] === 'number' ? d['port'] : typeof d['port'] === 'string' && /^\d+$/.test(d['port']) ? Number(d['port']) : undefined;
  return {
    ...(isRuntime(d['runtime']) ? { runtime: d['runtime'] } : {}),
    ...(port ? { port } : {}),
    ...(typeof d['remote_root'] === 'string' && d['remote_root'] ? { remoteRoot: d['remote_root'] } : {}),
    ...(typeof d['package'] === 'string' && d['package'] ? { goPackage: d['package'] } : {}),
  };
}
