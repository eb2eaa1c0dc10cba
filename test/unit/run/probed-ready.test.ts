import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ContainerState } from '../../../src/engine/types.js';
import { containerState } from '../support/fake-engine.js';
import { probedReady, readProbedReady, updateProbedReady, writeProbedReady } from '../../../src/run/probed-ready.js';

const started = '2026-12-03T17:00:00.123456789Z';
const state = (fields: Partial<ContainerState> = {}): ContainerState =>
  containerState({ health: 'starting', startedAt: started, healthChecksSinceStart: 0, ...fields });
const record = { c1: { service: 'api', startedAt: started } };

describe('probed-ready record', () => {
  it('is trusted for the same container in the same start while the engine has not checked', () => {
    expect(probedReady(record, state())).toBe(true);
  });
  it('is not trusted once the container was restarted (another start time)', () => {
    expect(probedReady(record, state({ startedAt: '2026-12-03T17:05:00Z' }))).toBe(false);
  });
  it("gives way to the engine's own verdict once it has run a check", () => {
    expect(probedReady(record, state({ healthChecksSinceStart: 1 }))).toBe(false);
    expect(probedReady(record, state({ health: 'unhealthy', healthChecksSinceStart: 3 }))).toBe(false);
  });
  it('says nothing of another container or one that is not running', () => {
    expect(probedReady(record, state({ id: 'c2' }))).toBe(false);
    expect(probedReady(record, state({ status: 'exited' }))).toBe(false);
  });
  it('reads back what was written, and reads a missing or broken file as empty', () => {
    const dir = mkdtempSync(join(tmpdir(), 'probed-'));
    expect(readProbedReady(dir)).toEqual({});
    writeProbedReady(dir, record);
    expect(readProbedReady(dir)).toEqual(record);
    mkdirSync(join(dir, '.devstack'), { recursive: true });
    writeFileSync(join(dir, '.devstack', 'probed-ready.json'), '{not json');
    expect(readProbedReady(dir)).toEqual({});
  });
});

describe('updateProbedReady', () => {
  it('replaces the word on the services a run handled and keeps it on the others; writes nothing when nothing changed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'probed-'));
    const before = { old: { service: 'api', startedAt: 'T1' }, other: { service: 'db', startedAt: 'T0' } };
    updateProbedReady(dir, before, ['api'], { fresh: { service: 'api', startedAt: 'T2' } });
    expect(readProbedReady(dir)).toEqual({ other: { service: 'db', startedAt: 'T0' }, fresh: { service: 'api', startedAt: 'T2' } });
    const empty = mkdtempSync(join(tmpdir(), 'probed-'));
    updateProbedReady(empty, {}, ['api'], {});
    expect(existsSync(join(empty, '.devstack'))).toBe(false);
  });
});
