import { describe, expect, it } from 'vitest';
import { mapInspect, type InspectJson } from '../../../src/engine/map-inspect.js';

const inspect = (log: Array<{ Start: string }>): InspectJson => ({
  Id: 'c1',
  Name: '/demo-api-1',
  Image: 'sha256:1',
  State: { Status: 'running', ExitCode: 0, StartedAt: '2026-12-03T17:28:39.376524217Z', Health: { Status: 'starting', Log: log } },
  Config: { Image: 'busybox' },
});

describe('mapInspect', () => {
  it("counts only the engine's checks of this start: its health log keeps those of the starts before", () => {
    const before = { Start: '2026-12-03T17:05:30.121437984Z' };
    expect(mapInspect(inspect([before, before])).healthChecksSinceStart).toBe(0);
    expect(mapInspect(inspect([before, { Start: '2026-12-03T17:28:44.400000000Z' }])).healthChecksSinceStart).toBe(1);
  });
});
