import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkImages } from '../../../src/doctor/checks/images.js';
import type { Engine } from '../../../src/engine/types.js';
import { EngineError } from '../../../src/errors.js';
import { service, stack } from '../support/stack.js';

function engineWith(local: string[], registry: Record<string, string | Error>): Engine {
  return {
    imageId: async (ref: string) => (local.includes(ref) ? 'sha256:1' : undefined),
    registryDigest: async (ref: string) => {
      const answer = registry[ref];
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as Engine;
}

describe('images check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'devstack-images-'));
  writeFileSync(join(dir, 'Dockerfile'), 'ARG BASE=node:20.11\nFROM $BASE AS deps\nFROM deps\nFROM ${UNKNOWN}\n');
  const s = stack([
    { ...service('app', { build: { context: dir, dockerfile: 'Dockerfile', args: {}, labels: {} } }), image: undefined },
    service('db', { image: 'postgres:16.4' }),
    service('cache', { image: 'redis:7.2' }),
  ]);

  it('is fine when every image and Dockerfile base is present', async () => {
    expect(await checkImages(s, engineWith(['node:20.11', 'postgres:16.4', 'redis:7.2'], {}))).toEqual([
      { check: 'images', status: 'ok', message: 'all 3 images present: node:20.11, postgres:16.4, redis:7.2' },
    ]);
  });

  it('sorts missing images into pullable, unknown to the registry, and registry unreachable', async () => {
    const engine = engineWith([], {
      'node:20.11': 'sha256:abc',
      'postgres:16.4': undefined as unknown as string,
      'redis:7.2': new EngineError('look up redis:7.2', 500, 'dial tcp: i/o timeout'),
    });
    const outcomes = await checkImages(s, engine);
    expect(outcomes.map((o) => [o.status, o.message])).toEqual([
      ['ok', 'to be pulled, found in their registry: node:20.11'],
      ['fail', 'not present and not in their registry: postgres:16.4'],
      ['warn', `not present, and their registry could not be asked: redis:7.2 (${new EngineError('look up redis:7.2', 500, 'dial tcp: i/o timeout').message})`],
    ]);
  });

  it("reads a Dockerfile's base through the stack's build args", async () => {
    const built = stack([
      { ...service('app', { build: { context: dir, dockerfile: 'Dockerfile', args: { BASE: 'node:22.1' }, labels: {} } }), image: undefined },
    ]);
    expect(await checkImages(built, engineWith(['node:22.1'], {}))).toEqual([{ check: 'images', status: 'ok', message: 'all 1 images present: node:22.1' }]);
  });
});
