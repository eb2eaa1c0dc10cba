import { describe, expect, it } from 'vitest';
import { toCreateOptions } from '../../../src/engine/create-options.js';
import { apiAtLeast, engineHealthcheck } from '../../../src/engine/health-timing.js';

const S = 1_000_000_000;

describe('healthcheck start_interval by API version', () => {
  it('compares API versions as numbers', () => {
    expect(apiAtLeast('1.44', '1.44')).toBe(true);
    expect(apiAtLeast('1.45', '1.44')).toBe(true);
    expect(apiAtLeast('1.41', '1.44')).toBe(false);
    expect(apiAtLeast('1.9', '1.44')).toBe(false);
    expect(apiAtLeast('2.0', '1.44')).toBe(true);
  });

  it('sends exactly what the file says to an engine older than API 1.44 (Engine 20.10: no StartInterval)', () => {
    const health = { test: ['CMD', 'true'], intervalMs: 5000, startPeriodMs: 10_000, startIntervalMs: 500 };
    expect(engineHealthcheck(health, '1.41')).toEqual({ Test: ['CMD', 'true'], Interval: 5 * S, StartPeriod: 10 * S });
    expect(engineHealthcheck({ test: ['CMD', 'true'] }, '1.41')).toEqual({ Test: ['CMD', 'true'] });
  });

  it("uses the file's start_interval on API >= 1.44", () => {
    expect(engineHealthcheck({ test: ['CMD', 'true'], startPeriodMs: 10_000, startIntervalMs: 500 }, '1.45')).toEqual({
      Test: ['CMD', 'true'],
      StartPeriod: 10 * S,
      StartInterval: 0.5 * S,
    });
  });

  it('checks every second during the first interval when the file gives no start period', () => {
    expect(engineHealthcheck({ test: ['CMD', 'true'], intervalMs: 5000 }, '1.44')).toEqual({
      Test: ['CMD', 'true'],
      Interval: 5 * S,
      StartPeriod: 5 * S,
      StartInterval: 1 * S,
    });
    expect(engineHealthcheck({ test: ['CMD', 'true'] }, '1.47')).toMatchObject({ StartPeriod: 30 * S, StartInterval: 1 * S });
  });

  it('leaves a disabled healthcheck disabled', () => {
    expect(engineHealthcheck({ test: ['NONE'] }, '1.45')).toEqual({ Test: ['NONE'] });
  });

  it('is what the create call carries', () => {
    const spec = { name: 'x', image: 'busybox', env: {}, labels: {}, ports: [], mounts: [], network: 'n', aliases: [], healthcheck: { test: ['CMD', 'true'] } };
    expect((toCreateOptions(spec as never, '1.45') as { Healthcheck: object }).Healthcheck).toMatchObject({ StartInterval: 1 * S });
    expect((toCreateOptions(spec as never) as { Healthcheck: object }).Healthcheck).toEqual({ Test: ['CMD', 'true'] });
  });
});
