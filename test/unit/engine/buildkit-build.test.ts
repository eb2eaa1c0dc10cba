import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BuilderFeatureMissingError, BuildFailedError, BuildFrontendUnavailableError } from '../../../src/errors.js';
import { buildWithBuildKit, type Modem } from '../../../src/engine/buildkit-build.js';
import { message } from '../../../src/engine/buildkit-protos.js';
import { BuildKitUnavailable } from '../../../src/engine/buildkit-unavailable.js';
import type { BuildOptions } from '../../../src/engine/types.js';

const StatusResponse = message('moby.buildkit.v1.StatusResponse');
const trace = (status: object) =>
  JSON.stringify({ id: 'moby.buildkit.trace', aux: Buffer.from(StatusResponse.encode(StatusResponse.fromObject(status)).finish()).toString('base64') });
const options: BuildOptions = { tag: 'demo-api', dockerfile: 'Dockerfile', buildArgs: {}, labels: {}, service: 'api' };

/** A stand-in for docker-modem: the build answers with the given JSON lines, or fails the dial. */
function modem(answer: { lines?: string[]; error?: object }): Modem & { queries: Array<Record<string, unknown>> } {
  const queries: Array<Record<string, unknown>> = [];
  return {
    queries,
    dial(opts, done) {
      const o = opts as { path: string; options?: Record<string, unknown> };
      if (o.path.startsWith('/build/cancel')) return done(null, undefined);
      queries.push(o.options ?? {});
      if (answer.error) return done(answer.error, undefined);
      const stream = new PassThrough();
      stream.end(`${(answer.lines ?? []).join('\n')}\n`);
      done(null, stream);
    },
  };
}

const build = (m: Modem, extra: Partial<BuildOptions> = {}) => buildWithBuildKit(m, undefined, Readable.from([]), { ...options, ...extra }, () => undefined);

describe('a BuildKit build over the engine API', () => {
  it('asks for version=2 with the Compose keys in the engine query form, and counts steps and cached ones', async () => {
    const m = modem({
      lines: [
        trace({ vertexes: [{ digest: 'a', name: '[stage-0 1/2] FROM busybox', started: { seconds: 1 }, completed: { seconds: 1 }, cached: true }] }),
        trace({ vertexes: [{ digest: 'b', name: '[stage-0 2/2] RUN true', started: { seconds: 1 }, completed: { seconds: 2 } }] }),
        JSON.stringify({ id: 'moby.image.id', aux: { ID: 'sha256:abc' } }),
      ],
    });
    const result = await build(m, {
      network: 'host',
      extraHosts: ['a:1.2.3.4'],
      shmSizeBytes: 1024,
      cacheFrom: ['x:cache'],
      noCache: true,
      pull: true,
      target: 'dev',
    });
    expect(result).toEqual({ id: 'sha256:abc', builder: 'buildkit', steps: 2, cachedSteps: 1 });
    expect(m.queries[0]).toMatchObject({
      version: '2',
      t: 'demo-api',
      networkmode: 'host',
      extrahosts: ['a:1.2.3.4'],
      shmsize: 1024,
      cachefrom: '["x:cache"]',
      nocache: true,
      pull: '1',
      target: 'dev',
    });
    expect(m.queries[0]).not.toHaveProperty('session');
  });

  it('an engine that refuses version=2 is the signal to fall back, not a build failure', async () => {
    await expect(build(modem({ error: { statusCode: 400, json: { message: 'buildkit not supported by daemon' } } }))).rejects.toBeInstanceOf(
      BuildKitUnavailable,
    );
  });

  it('a failing RUN is a BuildFailedError with its step, its output and its exit code', async () => {
    const m = modem({
      lines: [
        trace({ vertexes: [{ digest: 'b', name: '[stage-0 2/2] RUN make', started: { seconds: 1 } }], logs: [{ vertex: 'b', msg: Buffer.from('no rule\n') }] }),
        trace({
          vertexes: [
            {
              digest: 'b',
              name: '[stage-0 2/2] RUN make',
              started: { seconds: 1 },
              completed: { seconds: 2 },
              error: 'executor failed running [/bin/sh -c make]: exit code: 2',
            },
          ],
        }),
        JSON.stringify({ error: 'executor failed running [/bin/sh -c make]: exit code: 2' }),
      ],
    });
    const error = await build(m).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildFailedError);
    expect((error as BuildFailedError).message).toBe('Build of api failed at [2/2] RUN make: the command exited with code 2');
    expect((error as BuildFailedError).output).toEqual(['no rule']);
    expect((error as BuildFailedError).stepExitCode).toBe(2);
  });

  it('a # syntax= frontend that cannot be resolved names the directive; newer syntax than the frontend knows is the builder gap', async () => {
    const frontend = modem({
      lines: [
        trace({
          vertexes: [
            {
              digest: 'f',
              name: 'resolve image config for docker.io/docker/dockerfile:1.6',
              started: { seconds: 1 },
              completed: { seconds: 1 },
              error: 'no such host',
            },
          ],
        }),
        JSON.stringify({ error: 'failed to solve with frontend dockerfile.v0: failed to solve with frontend gateway.v0: no such host' }),
      ],
    });
    const error = await build(frontend, { syntax: { image: 'docker/dockerfile:1.6', where: '/p/Dockerfile:1' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildFrontendUnavailableError);
    expect((error as Error).message).toContain('(the # syntax= directive at /p/Dockerfile:1), which could not be pulled: no such host');
    const newer = modem({ lines: [JSON.stringify({ error: 'failed to create LLB definition: dockerfile parse error line 2: Unknown flag: link' })] });
    await expect(build(newer)).rejects.toBeInstanceOf(BuilderFeatureMissingError);
  });
});
