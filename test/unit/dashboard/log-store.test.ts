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

  it('holds its view while paused, counting the lines that came since, and shows them on resume', () => {
    const store = new LogStore(100);
    store.add([line(1), line(2)]);
    store.pause();
    store.add([line(3), line(4, 'db')]);
    expect(store.view().map((l) => l.message)).toEqual(['line 1', 'line 2']);
    expect(store.newWhilePaused()).toBe(2);
    // A filter changed while paused applies to both: the lines before the pause shown, the later ones counted.
    store.setFilter({ service: 'db', text: '' });
    expect(store.view()).toEqual([]);
    expect(store.newWhilePaused()).toBe(1);
    store.setFilter({ service: '', text: '' });
    store.resume();
    expect(store.view().map((l) => l.message)).toEqual(['line 1', 'line 2', 'line 3', 'line 4']);
    expect(store.newWhilePaused()).toBe(0);
  });

  it('counts the new lines right once the cap has trimmed the oldest while paused', () => {
    const store = new LogStore(10);
    store.add(Array.from({ length: 10 }, (_, i) => line(i)));
    store.pause();
    // 15 lines pass 1.1 × the cap: the store drops the 5 oldest, all from before the pause.
    store.add(Array.from({ length: 5 }, (_, i) => line(10 + i)));
    expect(store.total()).toBe(10);
    expect(store.newWhilePaused()).toBe(5);
    expect(store.view()).toHaveLength(10);
    // More than the cap since the pause: what is still kept counts, which is what resume shows.
    store.add(Array.from({ length: 12 }, (_, i) => line(15 + i)));
    expect(store.newWhilePaused()).toBe(10);
    store.resume();
    expect(store.view().map((l) => l.message)).toEqual(Array.from({ length: 10 }, (_, i) => `line ${17 + i}`));
  });

  it('finds the first error in the view it shows, paused or not', () => {
    const store = new LogStore(100);
    store.add([line(1, 'api', 'starting'), line(2, 'api', 'ok')]);
    store.pause();
    store.add([line(3, 'api', 'panic: nil map')]);
    expect(store.firstError()).toBe(-1);
    store.resume();
    expect(store.firstError()).toBe(2);
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
