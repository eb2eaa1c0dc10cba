import type { StackSpec } from '../model/stack.js';
import { debugState, type DebugState } from '../debug/debug-state.js';
import { exitedState } from './exited-state.js';
import { readStops, stoppedByDevstack } from './stop-record.js';
import { portScheme } from '../profiles/port-scheme.js';
import { probedReady, readProbedReady, type ProbedReady } from './probed-ready.js';
import { LABEL_MODE, LABEL_ONE_OFF, LABEL_PROJECT, LABEL_PROJECT_DIR, LABEL_SERVICE, type Engine } from '../engine/types.js';

export interface ServiceStatus {
  service: string;
  container: string | null;
  state: string;
  health: string;
  ports: Array<{ url: string; containerPort: number; protocol: string }>;
  startedAt: string | null;
  uptimeSec: number | null;
  /** Set while the service runs under a debugger (`devstack debug`). */
  debug: DebugState | null;
  /** The mode its container was created in (`up --mode`); null without a container. */
  mode: string | null;
}

function portUrl(hostIp: string, hostPort: number, protocol: string, scheme: string): string {
  const host = hostIp === '0.0.0.0' || hostIp === '' ? 'localhost' : hostIp.includes(':') ? `[${hostIp}]` : hostIp;
  return protocol === 'tcp' ? `${scheme}://${host}:${hostPort}` : `${protocol}://${host}:${hostPort}`;
}

/** One row per service of the stack, and per container of ours the stack no longer names. */
export async function status(
  engine: Engine,
  stack: StackSpec,
  now = Date.now(),
  probed: ProbedReady = readProbedReady(stack.projectDir),
): Promise<ServiceStatus[]> {
  const summaries = (await engine.listContainers({ [LABEL_PROJECT]: stack.name })).filter(
    // One-off `run` containers would otherwise stand in for their service's row.
    (c) => (c.labels[LABEL_PROJECT_DIR] ?? stack.projectDir) === stack.projectDir && !c.labels[LABEL_ONE_OFF],
  );
  const [states, stops] = await Promise.all([Promise.all(summaries.map((c) => engine.inspectContainer(c.id))), readStops(stack.projectDir)]);
  const rows = new Map<string, ServiceStatus>();
  for (const name of Object.keys(stack.services)) {
    rows.set(name, { service: name, container: null, state: 'not created', health: '', ports: [], startedAt: null, uptimeSec: null, debug: null, mode: null });
  }
  for (const state of states) {
    if (!state) continue;
    const service = state.labels[LABEL_SERVICE] ?? state.name;
    const running = state.status === 'running';
    rows.set(service, {
      service: stack.services[service] ? service : `${service} (orphan)`,
      container: state.name,
      state: state.status === 'exited' ? exitedState(state.exitCode, state.oomKilled, stoppedByDevstack(stops, state.id, state.startedAt)) : state.status,
      // The engine keeps the last health verdict of a stopped container; it says nothing about a container that is not running.
      health: !running || state.health === 'none' ? '' : probedReady(probed, state) ? 'healthy' : state.health,
      ports: state.ports.map((p) => ({
        url: portUrl(p.hostIp, p.hostPort, p.protocol, portScheme(stack.services[service], p.containerPort)),
        containerPort: p.containerPort,
        protocol: p.protocol,
      })),
      startedAt: state.startedAt ?? null,
      uptimeSec: running && state.startedAt ? Math.max(0, Math.round((now - Date.parse(state.startedAt)) / 1000)) : null,
      debug: debugState(state),
      mode: state.labels[LABEL_MODE] ?? 'dev',
    });
  }
  return [...rows.values()];
}
