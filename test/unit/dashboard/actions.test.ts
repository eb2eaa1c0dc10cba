import { describe, expect, it } from 'vitest';
import { actionCommand, parseActionRequest } from '../../../src/dashboard/actions.js';
import { UsageError } from '../../../src/errors.js';
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
