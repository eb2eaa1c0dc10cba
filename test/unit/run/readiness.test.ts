import { describe, expect, it } from 'vitest';
import { ServiceNotReadyError } from '../../../src/errors.js';
import type { ContainerEventHub } from '../../../src/run/event-hub.js';
import { waitUntilReady, type WaitOptions } from '../../../src/run/readiness.js';
import { fakeEngine } from '../support/fake-engine.js';

const noWaitHub = { next: async () => undefined } as unknown as ContainerEventHub;
const check = { test: ['CMD', 'probe'], intervalMs: 30_000 };
const options = (fields: Partial<WaitOptions> = {}): WaitOptions => ({
  service: 'api',
  containerId: 'c1',
  readiness: 'ready',
  deadline: Date.now() + 5_000,
  signal: new AbortController().signal,
  ...fields,
});

describe('waitUntilReady', () => {
  it("takes a start devstack's probe already found ready as ready, without probing again", async () => {
    const engine = fakeEngine({ states: [{ health: 'starting', healthcheck: check, startedAt: 'T1', healthChecksSinceStart: 0 }] });
    expect(await waitUntilReady(engine, noWaitHub, options({ probedBefore: (state) => state.startedAt === 'T1' }))).toBe('T1');
    expect(engine.execCalls).toBe(0);
  });

  it('says which start its own probe found ready, and nothing when the engine already said healthy', async () => {
    const probed = fakeEngine({ states: [{ health: 'starting', healthcheck: check, startedAt: 'T2' }], probes: [{ exitCode: 0, stdout: '', stderr: '' }] });
    expect(await waitUntilReady(probed, noWaitHub, options())).toBe('T2');
    const healthy = fakeEngine({ states: [{ health: 'healthy', healthcheck: check, startedAt: 'T2' }] });
    expect(await waitUntilReady(healthy, noWaitHub, options())).toBeUndefined();
  });

  it('runs the healthcheck itself at once instead of waiting for the first interval', async () => {
    const engine = fakeEngine({ states: [{ health: 'starting', healthcheck: check }], probes: [{ exitCode: 0, stdout: 'ok', stderr: '' }] });
    await waitUntilReady(engine, noWaitHub, options());
    expect(engine.execCalls).toBe(1);
  });

  it('keeps probing until the check passes', async () => {
    const fail = { exitCode: 1, stdout: '', stderr: 'refused' };
    const engine = fakeEngine({ states: [{ health: 'starting', healthcheck: check }], probes: [fail, fail, { exitCode: 0, stdout: '', stderr: '' }] });
    await waitUntilReady(engine, noWaitHub, options());
    expect(engine.execCalls).toBe(3);
  });

  it('paces probes from the start of each one, so a slow probe does not lengthen every pause', async () => {
    let clock = 0;
    const pauses: number[] = [];
    const hub = { next: async (_id: string, maxMs: number) => void pauses.push(maxMs) } as unknown as ContainerEventHub;
    const fail = { exitCode: 1, stdout: '', stderr: 'refused' };
    const base = fakeEngine({ states: [{ health: 'starting', healthcheck: check }], probes: [fail, fail, fail, { exitCode: 0, stdout: '', stderr: '' }] });
    const probe = base.exec.bind(base);
    const engine = Object.assign(base, {
      exec: async (...args: Parameters<typeof base.exec>) => {
        clock += 80;
        return probe(...args);
      },
    });
    await waitUntilReady(engine, hub, options({ now: () => clock, deadline: 60_000 }));
    // Back-off 50, 100, 200 ms between probe starts; each probe took 80 ms of it.
    expect(pauses).toEqual([0, 20, 120]);
  });

  it('runs the first probe alongside the first inspect when the check is known from the stack', async () => {
    const calls: string[] = [];
    const base = fakeEngine({ states: [{ health: 'starting', healthcheck: check }], probes: [{ exitCode: 0, stdout: 'ok', stderr: '' }] });
    const inspect = base.inspectContainer.bind(base);
    const probe = base.exec.bind(base);
    const engine = Object.assign(base, {
      inspectContainer: async (id: string) => {
        calls.push('inspect sent');
        const state = await new Promise((resolve) => setTimeout(resolve, 20)).then(() => inspect(id));
        calls.push('inspect answered');
        return state;
      },
      exec: async (...args: Parameters<typeof base.exec>) => {
        calls.push('probe sent');
        return probe(...args);
      },
    });
    await waitUntilReady(engine, noWaitHub, options({ healthcheck: check }));
    expect(calls).toEqual(['probe sent', 'inspect sent', 'inspect answered']);
    expect(engine.execCalls).toBe(1);
  });

  it('does not count an early probe when the inspect shows a different check in force', async () => {
    const base = fakeEngine({
      states: [{ health: 'starting', healthcheck: check }],
      probes: [
        { exitCode: 0, stdout: '', stderr: '' },
        { exitCode: 1, stdout: '', stderr: 'real check fails' },
      ],
    });
    const error = await waitUntilReady(base, noWaitHub, options({ healthcheck: { test: ['CMD', 'other'] }, deadline: Date.now() + 30 })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ reason: 'unhealthy', probeOutputs: expect.arrayContaining(['exit 1: real check fails']) });
  });

  it('counts a running container without a healthcheck as ready', async () => {
    const engine = fakeEngine({ states: [{ status: 'running' }] });
    await expect(waitUntilReady(engine, noWaitHub, options())).resolves.toBeUndefined();
  });

  it('says "exited (code N) during start" with the log lines, distinct from unhealthy', async () => {
    const engine = fakeEngine({ states: [{ status: 'exited', exitCode: 3 }], logs: ['boom'] });
    const error = await waitUntilReady(engine, noWaitHub, options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceNotReadyError);
    expect(error).toMatchObject({ reason: 'exited', message: 'Service api exited (code 3) during start', logLines: ['boom'] });
  });

  it('treats exit 0 as success when completion is what was asked', async () => {
    const engine = fakeEngine({ states: [{ status: 'running' }, { status: 'exited', exitCode: 0 }] });
    await expect(waitUntilReady(engine, noWaitHub, options({ readiness: 'completed' }))).resolves.toBeUndefined();
  });

  it('reports unhealthy with the probe outputs once the deadline passes', async () => {
    const engine = fakeEngine({ states: [{ health: 'starting', healthcheck: check }], probes: [{ exitCode: 1, stdout: 'no db', stderr: '' }], logs: ['last'] });
    const error = await waitUntilReady(engine, noWaitHub, options({ deadline: Date.now() + 30 })).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'unhealthy', probeOutputs: expect.arrayContaining(['exit 1: no db']), logLines: ['last'] });
  });

  it('gives up at once when the engine already marked the container unhealthy, without waiting for --timeout', async () => {
    const fail = { exitCode: 1, stdout: 'no db', stderr: '' };
    const engine = fakeEngine({ states: [{ health: 'unhealthy', healthcheck: check }], probes: [fail, fail, fail], logs: ['last'] });
    const started = Date.now();
    const error = await waitUntilReady(engine, noWaitHub, options({ deadline: Date.now() + 60_000 })).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toMatchObject({ reason: 'unhealthy', message: expect.stringContaining('is unhealthy: its healthcheck failed') });
  });

  it('reports a plain timeout when there was nothing to probe', async () => {
    const engine = fakeEngine({ states: [{ status: 'created' }] });
    const error = await waitUntilReady(engine, noWaitHub, options({ deadline: Date.now() + 30 })).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'timeout' });
  });
});

describe('a healthcheck whose program is missing from the image', () => {
  it('fails at once, naming the program, instead of waiting out the timeout', async () => {
    const notFound = {
      exitCode: 126,
      stdout: '',
      stderr: 'OCI runtime exec failed: exec: "wget": executable file not found in $PATH: unknown',
      missingExecutable: 'wget',
    };
    const engine = fakeEngine({ states: [{ health: 'starting', healthcheck: { test: ['CMD', 'wget', '-qO-', 'http://127.0.0.1/'] } }], probes: [notFound] });
    const error = await waitUntilReady(engine, noWaitHub, options({ deadline: Date.now() + 60_000 })).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'unhealthy', message: 'Service api has a healthcheck that cannot run in its container: "wget" is not there' });
    expect(engine.execCalls).toBe(1);
  });

  it("goes by what the engine found, not by words in the check's own output", async () => {
    const says = { exitCode: 1, stdout: 'upstream: executable file not found', stderr: '' };
    const engine = fakeEngine({ states: [{ health: 'starting', healthcheck: check }], probes: [says] });
    const error = await waitUntilReady(engine, noWaitHub, options({ deadline: Date.now() + 200 })).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'unhealthy', message: 'Service api did not pass its healthcheck before the timeout' });
  });
});
