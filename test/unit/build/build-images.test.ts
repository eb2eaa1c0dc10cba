import { describe, expect, it, vi } from 'vitest';
import { BuildDockerfileMissingError, MultipleErrors } from '../../../src/errors.js';
import type { Engine } from '../../../src/engine/types.js';
import { service, stack } from '../support/stack.js';

vi.mock('../../../src/build/build-service.js', () => ({
  buildServiceImage: async (_engine: unknown, _stack: unknown, name: string) => {
    if (name === 'api') throw new TypeError("Cannot read properties of undefined (reading 'digest')");
    if (name === 'worker') throw new BuildDockerfileMissingError('worker', '/work/demo/worker/Dockerfile');
    return { id: 'sha256:1', builder: 'buildkit' };
  },
}));
const { buildImages } = await import('../../../src/build/build-images.js');

const build = { context: '/work/demo', dockerfile: 'Dockerfile', args: {}, labels: {} };
const demo = stack([
  service('api', { build, image: 'demo-api' }),
  service('worker', { build, image: 'demo-worker' }),
  service('web', { build, image: 'demo-web' }),
  service('admin', { build, image: 'demo-admin' }),
]);
const engine = { imageDetails: async () => ({ sizeBytes: 1, layers: 1 }) } as unknown as Engine;

describe('building several images', () => {
  it('fails with every build that failed, a bug in one of them as well as a Dockerfile the other lacks', async () => {
    const error = await buildImages(engine, demo, ['api', 'worker', 'web'], {}, () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MultipleErrors);
    const messages = (error as MultipleErrors).errors.map((e) => e.message);
    expect(messages).toEqual([
      expect.stringContaining("Cannot read properties of undefined (reading 'digest')"),
      'Build of worker cannot start: its Dockerfile /work/demo/worker/Dockerfile does not exist',
    ]);
  });

  it('gives back each image built, in the order asked', async () => {
    const built = await buildImages(engine, demo, ['web', 'admin'], {}, () => undefined);
    expect(built.map((b) => [b.service, b.image])).toEqual([
      ['web', 'demo-web'],
      ['admin', 'demo-admin'],
    ]);
  });
});
