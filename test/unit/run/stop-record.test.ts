import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStops, recordStops, stoppedByDevstack } from '../../../src/run/stop-record.js';

describe('the record of the stops devstack made', () => {
  it('remembers a stop until the container starts again, and forgets containers that are gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devstack-stops-'));
    expect(await readStops(dir)).toEqual({});
    await recordStops(dir, ['a', 'b'], ['a', 'b'], new Date('2026-12-03T10:00:00Z'));
    await recordStops(dir, ['c'], ['a', 'c'], new Date('2026-12-03T11:00:00Z'));
    const record = await readStops(dir);
    expect(Object.keys(record).sort()).toEqual(['a', 'c']);
    expect(stoppedByDevstack(record, 'a', '2026-12-03T09:00:00Z')).toBe(true);
    expect(stoppedByDevstack(record, 'a', '2026-12-03T10:30:00Z')).toBe(false);
    expect(stoppedByDevstack(record, 'x', undefined)).toBe(false);
  });
});
