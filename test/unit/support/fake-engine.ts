import type { ContainerState, Engine, ExecResult } from '../../../src/engine/types.js';

/** A running container of demo's api, with the fields given. */
export function containerState(fields: Partial<ContainerState> = {}): ContainerState {
  return {
    id: 'c1',
    name: 'demo-api-1',
    imageId: 'sha256:1',
    image: 'busybox',
    labels: {},
    status: 'running',
    health: 'none',
    exitCode: 0,
    ports: [],
    healthLog: [],
    restartCount: 0,
    ...fields,
  };
}

/** Just enough engine for readiness logic: a scripted sequence of states and probe results. */
export function fakeEngine(script: { states: Array<Partial<ContainerState>>; probes?: ExecResult[]; logs?: string[] }): Engine & { execCalls: number } {
  let inspects = 0;
  let execs = 0;
  const base = containerState();
  const engine = {
    get execCalls() {
      return execs;
    },
    inspectContainer: async () => ({ ...base, ...script.states[Math.min(inspects++, script.states.length - 1)] }),
    exec: async () => script.probes?.[Math.min(execs++, script.probes.length - 1)] ?? { exitCode: 1, stdout: '', stderr: '' },
    containerLogs: async () => script.logs ?? [],
  };
  return engine as unknown as Engine & { execCalls: number };
}
