import { describe, expect, it } from 'vitest';
import { ActionRunner, actionCommand, parseActionRequest } from '../../../src/dashboard/actions.js';
import type { Engine, VolumeState } from '../../../src/engine/types.js';
import { UsageError } from '../../../src/errors.js';
import { service, stack } from '../support/stack.js';
import { toContainerStats } from '../../../src/engine/stats.js';

describe('dashboard actions', () => {
  it('are worded as the CLI command that does the same, with the same -f and -p', () => {
    const flags = { file: ['stack.yml'], 'project-name': 'shop' };
    expect(actionCommand(flags, { kind: 'restart', service: 'api' })).toBe('devstack restart api -f stack.yml -p shop');
    expect(actionCommand({}, { kind: 'reset', service: 'db', volumes: true })).toBe('devstack reset db --volumes');
    expect(actionCommand({}, { kind: 'rebuild', service: 'api' })).toBe('devstack up api --build');
    expect(actionCommand({}, { kind: 'debug-off', service: 'api' })).toBe('devstack debug api --off');
    expect(actionCommand({}, { kind: 'snapshot-restore', name: 'before' })).toBe('devstack snapshot restore before');
    expect(actionCommand({}, { kind: 'undo' })).toBe('devstack undo');
  });

  it('refuses a request that is not one of them, or lacks what it needs', () => {
    expect(() => parseActionRequest({ kind: 'down' })).toThrow(UsageError);
    expect(() => parseActionRequest({ kind: 'restart' })).toThrow(/needs a service/);
    expect(() => parseActionRequest({ kind: 'snapshot-restore' })).toThrow(/snapshot name/);
    expect(() => parseActionRequest('restart')).toThrow(UsageError);
    expect(parseActionRequest({ kind: 'reset', service: 'db', volumes: true, confirmed: ['x_data', 3], extra: 1 })).toEqual({
      kind: 'reset',
      service: 'db',
      volumes: true,
      confirmed: ['x_data'],
    });
    // Only `true` asks for volumes: a truthy string does not.
    expect(parseActionRequest({ kind: 'reset', service: 'db', volumes: 'yes' })).toEqual({ kind: 'reset', service: 'db' });
  });
});

describe("the reset dialog's volume plan", () => {
  const mount = (source: string) => ({ type: 'volume' as const, source, target: '/data', readOnly: false });
  const demo = stack([service('db', { volumes: [mount('data')] }), service('backup', { volumes: [mount('data')] }), service('api')], {
    volumes: { data: { key: 'data', name: 'demo_data', external: false, labels: {} } },
  });
  const ours: VolumeState = { name: 'demo_data', labels: { 'dev.devstack.project': 'demo', 'dev.devstack.project-dir': '/work/demo' } };
  const engine = { inspectVolume: async (name: string) => (name === 'demo_data' ? ours : undefined), volumeSizes: async () => ({ demo_data: 2_500_000 }) };
  const runner = new ActionRunner(engine as unknown as Engine, demo, { 'project-name': 'demo' }, () => undefined);

  it("carries the CLI's refusal when another service the reset leaves running mounts a volume it would delete", async () => {
    const plan = await runner.volumePlan('db');
    expect(plan.refusal).toBe(
      'error: Volume demo_data is also mounted by backup, which this reset leaves running\n  hint: Reset them together: `devstack reset db backup --volumes -p demo`.',
    );
  });

  it('has no refusal when the volume is the service’s alone, and sizes it as docker does', async () => {
    const plan = await runner.volumePlan('api');
    expect(plan).toEqual({ service: 'api', delete: [], kept: [], snapshot: true });
    const alone = new ActionRunner(engine as unknown as Engine, { ...demo, services: { db: demo.services.db! } }, {}, () => undefined);
    expect(await alone.volumePlan('db')).toEqual({
      service: 'db',
      delete: [{ name: 'demo_data', size: '2.5 MB', bytes: 2_500_000 }],
      kept: [],
      snapshot: true,
    });
  });
});

describe('container stats', () => {
  it('are worked out as docker stats does: CPU share times CPUs, memory without the page cache', () => {
    const stats = toContainerStats({
      cpu_stats: { cpu_usage: { total_usage: 3_000_000 }, system_cpu_usage: 20_000_000, online_cpus: 2 },
      precpu_stats: { cpu_usage: { total_usage: 1_000_000 }, system_cpu_usage: 10_000_000 },
      memory_stats: { usage: 50_000_000, limit: 1_000_000_000, stats: { inactive_file: 10_000_000 } },
    });
    expect(stats.cpuPercent).toBeCloseTo(40);
    expect(stats.memoryBytes).toBe(40_000_000);
    expect(stats.memoryLimitBytes).toBe(1_000_000_000);
  });

  it('say 0% for the first sample, which has no previous one', () => {
    expect(toContainerStats({ cpu_stats: { cpu_usage: { total_usage: 5 }, system_cpu_usage: 10 }, memory_stats: {} })).toEqual({
      cpuPercent: 0,
      memoryBytes: 0,
      memoryLimitBytes: 0,
    });
  });
});
