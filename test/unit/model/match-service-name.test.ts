import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchServiceName } from '../../../src/model/match-service-name.js';

const names = ['api', 'api-worker', 'db', 'cache', 'grafana', 'prometheus'];

describe('matchServiceName', () => {
  it('takes a full name as it is, even when it is the prefix of another', () => {
    expect(matchServiceName('api', names)).toEqual({ kind: 'found', name: 'api' });
  });

  it('takes an unambiguous prefix', () => {
    expect(matchServiceName('pro', names)).toEqual({ kind: 'found', name: 'prometheus' });
    expect(matchServiceName('api-', names)).toEqual({ kind: 'found', name: 'api-worker' });
  });

  it('refuses an ambiguous prefix, naming the candidates', () => {
    expect(matchServiceName('a', names)).toEqual({ kind: 'ambiguous', candidates: ['api', 'api-worker'] });
  });

  it('suggests the nearest name for a typo, and nothing for a word far from all', () => {
    expect(matchServiceName('dbb', names)).toEqual({ kind: 'unknown', nearest: 'db' });
    expect(matchServiceName('cahce', names)).toEqual({ kind: 'unknown', nearest: 'cache' });
    expect(matchServiceName('graphana', names)).toEqual({ kind: 'unknown', nearest: 'grafana' });
    expect(matchServiceName('zookeeper', names)).toEqual({ kind: 'unknown', nearest: undefined });
  });

  it('a full name always resolves to itself, whatever the other names', () => {
    const name = fc.string({ minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 12 }), fc.nat(), (list, pick) => {
        const chosen = list[pick % list.length]!;
        expect(matchServiceName(chosen, list)).toEqual({ kind: 'found', name: chosen });
      }),
    );
  });

  it('a prefix that only one name starts with resolves to that name', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), { minLength: 1, maxLength: 10 }), fc.nat(), fc.nat(), (list, pick, cut) => {
        const chosen = list[pick % list.length]!;
        const prefix = chosen.slice(0, 1 + (cut % chosen.length));
        const starting = list.filter((n) => n.startsWith(prefix));
        const match = matchServiceName(prefix, list);
        if (list.includes(prefix)) expect(match).toEqual({ kind: 'found', name: prefix });
        else if (starting.length === 1) expect(match).toEqual({ kind: 'found', name: chosen });
        else expect(match.kind).toBe('ambiguous');
      }),
    );
  });
});

describe('the nearest name for a typo', () => {
  it('counts a swap of neighbours as one typo', () => {
    expect(matchServiceName('wbe', ['web', 'db'])).toEqual({ kind: 'unknown', nearest: 'web' });
  });
});
