import { describe, expect, it } from 'vitest';
import { LABEL_SERVICE } from '../../../src/engine/types.js';
import { status } from '../../../src/run/status.js';
import { fakeEngine } from '../support/fake-engine.js';
import { service, stack } from '../support/stack.js';

function engineWith(state: Parameters<typeof fakeEngine>[0]['states'][number]) {
  const engine = fakeEngine({ states: [{ labels: { [LABEL_SERVICE]: 'api' }, ...state }] });
  return Object.assign(engine, {
    listContainers: async () => [
      { id: 'c1', name: 'demo-api-1', labels: { [LABEL_SERVICE]: 'api' }, status: state.status ?? 'running', hostPorts: [], volumes: [] },
    ],
  });
}

describe('status health', () => {
  it('shows no health for a stopped container: the last verdict of a running one says nothing about it', async () => {
    const [row] = await status(engineWith({ status: 'exited', exitCode: 137, health: 'unhealthy' }) as never, stack([service('api')]));
    expect(row).toMatchObject({ state: 'stopped', health: '' });
  });
  it('keeps the exit code of a container that ended by itself, and says when the kernel killed it for memory', async () => {
    const [crashed] = await status(engineWith({ status: 'exited', exitCode: 3 }) as never, stack([service('api')]));
    expect(crashed).toMatchObject({ state: 'exited (3)' });
    const [oom] = await status(engineWith({ status: 'exited', exitCode: 137, oomKilled: true }) as never, stack([service('api')]));
    expect(oom).toMatchObject({ state: 'exited (137, out of memory)' });
  });
  it('reads a stop the process answered with 128 + SIGTERM as stopped too', async () => {
    const [row] = await status(engineWith({ status: 'exited', exitCode: 143 }) as never, stack([service('api')]));
    expect(row).toMatchObject({ state: 'stopped' });
  });
  it('shows the health of a running container', async () => {
    const [row] = await status(engineWith({ status: 'running', health: 'healthy' }) as never, stack([service('api')]));
    expect(row).toMatchObject({ state: 'running', health: 'healthy' });
  });
  it("shows healthy while the engine has not run its first check of a start devstack's probe found ready", async () => {
    const startedAt = '2026-12-03T17:00:00Z';
    const engine = engineWith({ status: 'running', health: 'starting', startedAt, healthChecksSinceStart: 0 });
    const [row] = await status(engine as never, stack([service('api')]), Date.now(), { c1: { service: 'api', startedAt } });
    expect(row).toMatchObject({ health: 'healthy' });
    const [unprobed] = await status(
      engineWith({ status: 'running', health: 'starting', startedAt, healthChecksSinceStart: 0 }) as never,
      stack([service('api')]),
      Date.now(),
      {},
    );
    expect(unprobed).toMatchObject({ health: 'starting' });
  });
});
