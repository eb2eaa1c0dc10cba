import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, devstack, project } from './helpers.js';
import { testEngine } from './engine-under-test.js';

const { dir, name } = project('log-pair');

interface JsonLine {
  service: string;
  stream: string;
  time: string;
  message: string;
}

const jsonLines = (stdout: string): JsonLine[] =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as JsonLine);

const ORDER = ['alpha-1', 'beta-2', 'alpha-3', 'beta-4', 'alpha-5', 'beta-6'];

describe('logs without --follow', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    // Podman 4.3 gives log times to the second: turns a second apart keep their order there.
    const up = await devstack(['up', '-p', name], dir, testEngine() === 'podman' ? { TURN_PAUSE: '1.1' } : {});
    expect(up.code).toBe(0);
    // The services finish taking turns a moment after they are ready.
    const until = Date.now() + 30_000;
    while (!(await devstack(['logs', '-p', name], dir)).stdout.includes('alpha-stderr')) {
      if (Date.now() > until) throw new Error('the services did not print their lines in time');
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  afterAll(() => cleanup(name));

  it('merges both services in time order, prefixed and padded, stdout and stderr alike', async () => {
    const result = await devstack(['logs', '-p', name], dir);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.filter((l) => !l.includes('stderr'))).toEqual(ORDER.map((m) => `${m.startsWith('alpha') ? 'alpha' : 'beta '} | ${m}`));
    expect(lines.at(-1)).toBe('alpha | alpha-stderr');
  });

  it('--json gives service, stream, time and message, in time order', async () => {
    const lines = jsonLines((await devstack(['logs', '-p', name, '--json'], dir)).stdout);
    expect(lines.map((l) => l.message)).toEqual([...ORDER, 'alpha-stderr']);
    expect(lines.find((l) => l.message === 'alpha-stderr')).toMatchObject({ service: 'alpha', stream: 'stderr' });
    expect(lines.find((l) => l.message === 'beta-2')).toMatchObject({ service: 'beta', stream: 'stdout' });
    for (const line of lines) expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    expect([...lines.map((l) => l.time)].sort()).toEqual(lines.map((l) => l.time));
  });

  it('--tail N gives the last N lines of each service', async () => {
    const result = await devstack(['logs', '-p', name, 'alpha', '--tail', '2'], dir);
    expect(result.stdout.trim().split('\n')).toEqual(['alpha | alpha-5', 'alpha | alpha-stderr']);
    const both = await devstack(['logs', '-p', name, '--tail', '1', '--json'], dir);
    expect(jsonLines(both.stdout).map((l) => l.message)).toEqual(['beta-6', 'alpha-stderr']);
  });

  it('--since takes an RFC 3339 time to the nanosecond (inclusive), or a duration', async () => {
    const all = jsonLines((await devstack(['logs', '-p', name, '--json'], dir)).stdout);
    const beta4 = all.find((l) => l.message === 'beta-4')!;
    const since = jsonLines((await devstack(['logs', '-p', name, '--json', '--since', beta4.time], dir)).stdout);
    expect(since.map((l) => l.message)).toEqual(['beta-4', 'alpha-5', 'beta-6', 'alpha-stderr']);
    expect(jsonLines((await devstack(['logs', '-p', name, '--json', '--since', '10m'], dir)).stdout)).toHaveLength(7);
    expect((await devstack(['logs', '-p', name, '--since', '2099-01-01T00:00:00Z'], dir)).stdout).toBe('');
    const bad = await devstack(['logs', '-p', name, '--since', 'yesterday'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since yesterday');
  });

  it('--timestamps shows the time; colours follow NO_COLOR, FORCE_COLOR and --no-color', async () => {
    const stamped = await devstack(['logs', '-p', name, 'beta', '--timestamps', '--tail', '1'], dir);
    expect(stamped.stdout).toMatch(/^beta \| \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z beta-6\n$/);
    const coloured = await devstack(['logs', '-p', name, 'beta', '--tail', '1'], dir, { NO_COLOR: '', FORCE_COLOR: '1' });
    expect(coloured.stdout).toMatch(/^\u001b\[\d+mbeta \|\u001b\[39m beta-6\n$/);
    const plain = await devstack(['logs', '-p', name, 'beta', '--tail', '1', '--no-color'], dir, { NO_COLOR: '', FORCE_COLOR: '1' });
    expect(plain.stdout).toBe('beta | beta-6\n');
  });

  it('takes an unambiguous prefix and suggests the nearest name for a wrong one', async () => {
    expect((await devstack(['logs', '-p', name, 'b', '--tail', '1'], dir)).stdout).toBe('beta | beta-6\n');
    const wrong = await devstack(['logs', '-p', name, 'alhpa'], dir);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('No service "alhpa"');
    expect(wrong.stderr).toContain('Did you mean "alpha"?');
  });
});
