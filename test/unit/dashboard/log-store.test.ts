import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LogStore } from '../../../src/dashboard/web/log-store.js';
import type { LogLineView } from '../../../src/dashboard/view.js';

const line = (n: number, service = 'api', message = `line ${n}`): LogLineView => ({
  service,
  stream: 'stdout',
  time: `2026-12-03T10:00:${String(n).padStart(2, '0')}.000000000Z`,
  message,
});

describe('the page’s log store', () => {
  it('keeps lines in time order when services’ batches interleave', () => {
    const store = new LogStore(100);
    store.add([line(1), line(3)]);
    store.add([line(2, 'db')]);
    expect(store.view().map((l) => l.time.slice(17, 19))).toEqual(['01', '02', '03']);
  });

  it('keeps at most about its cap, dropping the oldest', () => {
    const store = new LogStore(1000);
    for (let i = 0; i < 100; i += 1) store.add(Array.from({ length: 100 }, () => line(0, 'api', `n${i}`)));
    expect(store.total()).toBeLessThanOrEqual(1100);
    expect(store.view().at(-1)!.message).toBe('n99');
  });

  it('filters by service and text, and finds the first error', () => {
    const store = new LogStore(100);
    store.add([line(1, 'api', 'hello'), line(2, 'db', 'ERROR: disk full'), line(3, 'api', 'an error here')]);
    store.setFilter({ service: 'api', text: '' });
    expect(store.view().map((l) => l.message)).toEqual(['hello', 'an error here']);
    expect(store.firstError()).toBe(1);
    store.setFilter({ service: '', text: 'DISK' });
    expect(store.view().map((l) => l.message)).toEqual(['ERROR: disk full']);
    store.add([line(4, 'db', 'disk ok again')]);
    expect(store.view()).toHaveLength(2);
  });

  it('shows what a full rebuild would, whatever the batches (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.record({ t: fc.integer({ min: 0, max: 59 }), s: fc.constantFrom('a', 'b'), m: fc.constantFrom('x', 'err y', 'z') }), { maxLength: 8 }),
          { maxLength: 10 },
        ),
        fc.constantFrom('', 'a'),
        fc.constantFrom('', 'y'),
        (batches, service, text) => {
          const store = new LogStore(1000);
          store.setFilter({ service, text });
          for (const batch of batches) store.add(batch.map((b) => line(b.t, b.s, b.m)));
          const all = batches.flat().map((b) => line(b.t, b.s, b.m));
          const expected = all
            .sort((x, y) => (x.time < y.time ? -1 : x.time > y.time ? 1 : 0))
            .filter((l) => (!service || l.service === service) && (!text || l.message.includes(text)));
          expect(store.view().map((l) => l.time)).toEqual(expected.map((l) => l.time));
        },
      ),
    );
  });
});
