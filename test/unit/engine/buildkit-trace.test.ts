import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { message } from '../../../src/engine/buildkit-protos.js';
import { BuildTrace } from '../../../src/engine/buildkit-trace.js';

const StatusResponse = message('moby.buildkit.v1.StatusResponse');
/** One aux payload as the engine sends it: a base64 protobuf StatusResponse. */
const aux = (status: object) => Buffer.from(StatusResponse.encode(StatusResponse.fromObject(status)).finish()).toString('base64');
const at = (seconds: number, nanos = 0) => ({ seconds, nanos });

describe('BuildKit trace decoding', () => {
  it('one line when a Dockerfile step starts and one when it ends, cached or with its time; BuildKit internals are not steps', () => {
    const trace = new BuildTrace();
    const lines = [
      aux({ vertexes: [{ digest: 'sha256:ctx', name: '[internal] load build definition from Dockerfile', started: at(1), completed: at(1) }] }),
      aux({ vertexes: [{ digest: 'sha256:from', name: '[stage-0 1/3] FROM docker.io/library/busybox', started: at(1), completed: at(1), cached: true }] }),
      aux({ vertexes: [{ digest: 'sha256:run', name: '[stage-0 2/3] RUN npm ci', started: at(2) }] }),
      aux({ logs: [{ vertex: 'sha256:run', msg: Buffer.from('added 10 packages\n') }] }),
      aux({ vertexes: [{ digest: 'sha256:run', name: '[stage-0 2/3] RUN npm ci', started: at(2), completed: at(3, 200_000_000) }] }),
      aux({ vertexes: [{ digest: 'sha256:run', name: '[stage-0 2/3] RUN npm ci', started: at(2), completed: at(3, 200_000_000) }] }),
      aux({ vertexes: [{ digest: 'sha256:b', name: '[builder 3/3] COPY . .', started: at(4), completed: at(4) }] }),
    ].flatMap((payload) => trace.add(payload).map((step) => `${step.kind} ${step.text}`));
    expect(lines).toEqual([
      'cached [1/3] FROM docker.io/library/busybox: cached',
      'started [2/3] RUN npm ci',
      'done [2/3] RUN npm ci: done 1.2s',
      'done [builder 3/3] COPY . .: done 0.0s',
    ]);
    expect({ steps: trace.steps, cached: trace.cached }).toEqual({ steps: 3, cached: 1 });
    expect(trace.failure()).toBeUndefined();
  });

  it('a failed step comes back with its own output, lines rejoined across chunks, and its exit code', () => {
    const trace = new BuildTrace();
    trace.add(aux({ vertexes: [{ digest: 'sha256:x', name: '[stage-0 2/2] RUN make', started: at(1) }] }));
    trace.add(
      aux({
        logs: [
          { vertex: 'sha256:x', msg: Buffer.from('compiling\nerror: no ') },
          { vertex: 'sha256:x', msg: Buffer.from('rule\n') },
        ],
      }),
    );
    const steps = trace.add(
      aux({
        vertexes: [
          {
            digest: 'sha256:x',
            name: '[stage-0 2/2] RUN make',
            started: at(1),
            completed: at(2),
            error: 'executor failed running [/bin/sh -c make]: exit code: 2',
          },
        ],
      }),
    );
    expect(steps.map((s) => s.text)).toEqual(['[2/2] RUN make: failed']);
    expect(trace.failure()).toEqual({
      name: '[stage-0 2/2] RUN make',
      error: 'executor failed running [/bin/sh -c make]: exit code: 2',
      output: ['compiling', 'error: no rule'],
      exitCode: 2,
    });
  });

  it('whatever the chunking of a step output, the lines kept are the lines written', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z ]{0,12}$/), { maxLength: 8 }), fc.array(fc.nat(40), { maxLength: 6 }), (written, cuts) => {
        const text = written.map((l) => `${l}\n`).join('');
        const points = [...new Set(cuts.map((c) => Math.min(c, text.length)))].sort((a, b) => a - b);
        const chunks = [0, ...points, text.length].slice(1).map((end, i, ends) => text.slice(i === 0 ? 0 : ends[i - 1], end));
        const trace = new BuildTrace();
        trace.add(aux({ vertexes: [{ digest: 'sha256:v', name: '[stage-0 1/1] RUN x', started: at(1) }] }));
        for (const chunk of chunks.filter(Boolean)) trace.add(aux({ logs: [{ vertex: 'sha256:v', msg: Buffer.from(chunk) }] }));
        trace.add(aux({ vertexes: [{ digest: 'sha256:v', name: '[stage-0 1/1] RUN x', started: at(1), completed: at(1), error: 'exit code: 1' }] }));
        expect(trace.failure()!.output).toEqual(written);
      }),
    );
  });
});
