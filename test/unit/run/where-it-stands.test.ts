import { describe, expect, it } from 'vitest';
import { whereItStands } from '../../../src/run/where-it-stands.js';

describe('whereItStands', () => {
  it('says where an interrupted up or restart left a service, in one vocabulary', () => {
    expect(whereItStands('ready')).toBe('ready');
    expect(whereItStands('unchanged')).toBe('ready');
    expect(whereItStands('waiting')).toBe('running, not yet ready');
    expect(whereItStands('creating')).toBe('created, not started: the next up starts it');
    expect(whereItStands('pulling')).toBe('left pulling: the next up finishes it');
    expect(whereItStands(undefined)).toBe('not started');
    expect(whereItStands('skipped')).toBe('not started');
  });

  it("names a service restart stopped and did not start again as restart's own caller says", () => {
    expect(whereItStands(undefined, 'stopped: the next up starts it')).toBe('stopped: the next up starts it');
    expect(whereItStands('starting', 'stopped: the next up starts it')).toBe('left starting: the next up finishes it');
  });
});
