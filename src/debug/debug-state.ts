import type { ContainerState } from '../engine/types.js';
import { LABEL_DEBUG, parseDebugLabel } from './labels.js';

export interface DebugState {
  runtime: string;
  containerPort: number;
  /** Where to attach: `127.0.0.1:9229`; null when the port is not published (container stopped). */
  address: string | null;
  hostPort: number | null;
}

/** Pure: whether a container runs in debug mode, and where its debugger is published. */
export function debugState(state: Pick<ContainerState, 'labels' | 'ports'>): DebugState | null {
  const label = parseDebugLabel(state.labels[LABEL_DEBUG]);
  if (!label) return null;
  const published = state.ports.find((p) => p.containerPort === label.containerPort && p.protocol === 'tcp');
  const host = !published ? null : published.hostIp === '0.0.0.0' || published.hostIp === '' ? 'localhost' : published.hostIp;
  return {
    runtime: label.runtime,
    containerPort: label.containerPort,
    address: published && host ? `${host}:${published.hostPort}` : null,
    hostPort: published?.hostPort ?? null,
  };
}
