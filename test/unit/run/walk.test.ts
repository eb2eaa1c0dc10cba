import { describe, expect, it } from 'vitest';
import { EngineError, InterruptedError, mergeErrors, MultipleErrors, UnexpectedError } from '../../../src/errors.js';
import type { Dependency } from '../../../src/model/stack.js';
import { down } from '../../../src/run/down.js';
import { stop } from '../../../src/run/stop.js';
import { DependencyFailed, dependencyEdges, dependentEdges, walk, type Turn } from '../../../src/run/walk.js';
import { containerEngine } from '../support/container-engine.js';
import { service, stack } from '../support/stack.js';

const needs = (condition: Dependency['condition'] = 'service_started', required = true): Dependency => ({ condition, required, restart: false });
const tick = (ms = 5) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// db <- api <- web, and cache on its own.
const demo = stack([service('db'), service('cache'), service('api', { dependsOn: { db: needs() } }), service('web', { dependsOn: { api: needs() } })]);

/** A visit that logs when it begins and ends its real work. */
function recording(log: string[], work: (service: string, turn: Turn) => Promise<void> = () => tick()) {
  return async (service: string, turn: Turn) => {
    await turn.wait();
    log.push(`begin ${service}`);
    await work(service, turn);
    log.push(`end ${service}`);
    return service.toUpperCase();
  };
}

describe('walk, dependencies first', () => {
  it('starts a service only after what it depends on, and independent services together', async () => {
    const log: string[] = [];
    const result = await walk({ services: Object.keys(demo.services), edges: dependencyEdges(demo), visit: recording(log) });
    expect(log.indexOf('end db')).toBeLessThan(log.indexOf('begin api'));
    expect(log.indexOf('end api')).toBeLessThan(log.indexOf('begin web'));
    // cache needs nothing: it runs beside db rather than after it.
    expect(log.indexOf('begin cache')).toBeLessThan(log.indexOf('end db'));
    expect([...result.outcomes.entries()]).toEqual([
      ['db', { status: 'done', value: 'DB' }],
      ['cache', { status: 'done', value: 'CACHE' }],
      ['api', { status: 'done', value: 'API' }],
      ['web', { status: 'done', value: 'WEB' }],
    ]);
    expect(result.errors).toEqual([]);
    expect(result.interrupted).toBe(false);
  });

  it('lets a dependent go at the milestone its condition names, before the dependency is done', async () => {
    const s = stack([
      service('db'),
      service('api', { dependsOn: { db: needs('service_started') } }),
      service('job'),
      service('web', { dependsOn: { job: needs('service_completed_successfully') } }),
    ]);
    const log: string[] = [];
    await walk({
      services: ['db', 'api', 'job', 'web'],
      edges: dependencyEdges(s),
      visit: recording(log, async (name, turn) => {
        if (name === 'db' || name === 'job') {
          turn.reached('started');
          await tick(30);
        }
      }),
    });
    expect(log.indexOf('begin api')).toBeLessThan(log.indexOf('end db'));
    expect(log.indexOf('end job')).toBeLessThan(log.indexOf('begin web'));
  });

  it('ignores what a service depends on outside the services walked', async () => {
    const log: string[] = [];
    const result = await walk({ services: ['api'], edges: dependencyEdges(demo), visit: recording(log) });
    expect(log).toEqual(['begin api', 'end api']);
    expect(result.outcomes.get('api')).toEqual({ status: 'done', value: 'API' });
  });

  it('says what a service still waits for', async () => {
    const seen: string[][] = [];
    await walk({
      services: ['db', 'api'],
      edges: dependencyEdges(demo),
      visit: async (name, turn) => {
        seen.push(turn.waitingFor());
        await turn.wait();
        if (name === 'db') await tick();
      },
    });
    expect(seen).toEqual([[], ['db']]);
  });
});

describe('walk, failures', () => {
  it('skips the dependents of a failed service, keeps its error whatever its class, and finishes the rest', async () => {
    const bug = new TypeError('cannot read properties of undefined');
    const log: string[] = [];
    const result = await walk({
      services: Object.keys(demo.services),
      edges: dependencyEdges(demo),
      visit: recording(log, async (name) => {
        await tick();
        if (name === 'db') throw bug;
      }),
    });
    expect(result.outcomes.get('db')).toEqual({ status: 'failed', error: bug });
    expect(result.outcomes.get('api')).toMatchObject({ status: 'skipped', error: { dependency: 'db' } });
    expect(result.outcomes.get('web')).toMatchObject({ status: 'skipped', error: { dependency: 'api' } });
    const web = result.outcomes.get('web');
    expect(web?.status === 'skipped' ? web.error : undefined).toBeInstanceOf(DependencyFailed);
    expect(result.outcomes.get('cache')).toEqual({ status: 'done', value: 'CACHE' });
    expect(log).not.toContain('begin api');
    // The skipped services' failures are db's: it is reported once.
    expect(result.errors).toEqual([bug]);
  });

  it('keeps every independent failure', async () => {
    const one = new EngineError('start db', 500, 'boom');
    const two = new Error('cache is broken');
    const result = await walk({
      services: ['db', 'cache'],
      edges: dependencyEdges(demo),
      visit: async (name) => {
        throw name === 'db' ? one : two;
      },
    });
    expect(result.errors).toEqual([one, two]);
  });

  it('goes on past a failed dependency that is not required', async () => {
    const s = stack([service('metrics'), service('api', { dependsOn: { metrics: needs('service_healthy', false) } })]);
    const result = await walk({
      services: ['metrics', 'api'],
      edges: dependencyEdges(s),
      visit: async (name, turn) => {
        await turn.wait();
        if (name === 'metrics') throw new Error('unhealthy');
        return 'ran';
      },
    });
    expect(result.outcomes.get('api')).toEqual({ status: 'done', value: 'ran' });
    // Unless every dependency is made required (restart waits for all of them).
    const strict = await walk({
      services: ['metrics', 'api'],
      edges: dependencyEdges(s, false),
      visit: async (name, turn) => {
        await turn.wait();
        if (name === 'metrics') throw new Error('unhealthy');
      },
    });
    expect(strict.outcomes.get('api')?.status).toBe('skipped');
  });
});

describe('walk, cancellation', () => {
  it('starts nothing new once the signal fires, lets work under way finish, and says it was interrupted', async () => {
    const controller = new AbortController();
    const log: string[] = [];
    const result = await walk({
      services: Object.keys(demo.services),
      edges: dependencyEdges(demo),
      signal: controller.signal,
      visit: recording(log, async (name) => {
        if (name === 'db') controller.abort();
        await tick();
      }),
    });
    expect(log).toContain('end db');
    expect(log).not.toContain('begin api');
    expect(log).not.toContain('begin web');
    expect(result.outcomes.get('api')?.status).toBe('interrupted');
    expect(result.outcomes.get('web')?.status).toBe('interrupted');
    const api = result.outcomes.get('api');
    expect(api?.status === 'interrupted' ? api.error : undefined).toBeInstanceOf(InterruptedError);
    expect(result.interrupted).toBe(true);
    expect(result.errors).toEqual([]);
  });
});

describe('walk, dependents first', () => {
  it('stop: stops a service only after everything that depends on it', async () => {
    const engine = containerEngine('demo', ['db', 'cache', 'api', 'web']);
    const stopped = await stop(engine, demo, [], () => undefined);
    expect(stopped.sort()).toEqual(['api', 'cache', 'db', 'web']);
    const at = (line: string) => engine.calls.indexOf(line);
    expect(at('stopped web')).toBeLessThan(at('stop api'));
    expect(at('stopped api')).toBeLessThan(at('stop db'));
    // cache depends on nothing and nothing on it: it stops with the first.
    expect(at('stop cache')).toBeLessThan(at('stopped web'));
  });

  it('down: a failed dependent does not keep its dependency running, and every failure is kept', async () => {
    const refused = new EngineError('stop web', 409, 'container is being removed');
    const bug = new RangeError('a bug');
    const engine = containerEngine('demo', ['db', 'cache', 'api', 'web'], { failing: { web: refused, cache: bug } });
    const error = await down(engine, demo, () => undefined).catch((e: unknown) => e);
    expect(engine.calls).toContain('removed db');
    expect(engine.calls.indexOf('stop web')).toBeLessThan(engine.calls.indexOf('stop api'));
    expect(error).toBeInstanceOf(MultipleErrors);
    const kept = (error as MultipleErrors).errors;
    // In the order the services were given: cache before web.
    expect(kept[0]).toBeInstanceOf(UnexpectedError);
    expect((kept[0] as UnexpectedError).original).toBe(bug);
    expect(kept[1]).toBe(refused);
  });

  it('dependentEdges waits for dependents whatever became of them', () => {
    expect(dependentEdges(demo)('db')).toEqual([{ service: 'api', milestone: 'done', required: false }]);
    expect(dependentEdges(demo)('orphan')).toEqual([]);
  });
});

describe('mergeErrors', () => {
  it('is nothing for none, the error itself for one, and every one of them for more', () => {
    const one = new EngineError('x', 500, 'y');
    expect(mergeErrors([])).toBeUndefined();
    expect(mergeErrors([one, one])).toBe(one);
    const merged = mergeErrors([one, 'a string thrown']) as MultipleErrors;
    expect(merged.errors).toHaveLength(2);
    expect(merged.errors[1]!.message).toContain('a string thrown');
    expect(merged.exitCode).toBe(1);
  });
});
