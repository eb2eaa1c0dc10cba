import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/types.js';
import { containerOwner } from '../../../src/watch/owner.js';

const FILES: Record<string, string> = {
  '/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1001::/home/node:/bin/sh\nnonroot:x:65532:65532::/home/nonroot:/sbin/nologin\n',
  '/etc/group': 'root:x:0:\nstaff:x:50:\nnode:x:1001:\n',
};

/** An engine that only answers getArchive, with each file as a one-entry tar, as the real one does. */
function engine(): Engine & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    getArchive: async (_id: string, path: string) => {
      reads.push(path);
      if (!(path in FILES)) return undefined;
      const pack = tar.pack();
      pack.entry({ name: path.split('/').pop()! }, FILES[path]!);
      pack.finalize();
      return Readable.from(pack as unknown as AsyncIterable<Buffer>);
    },
  } as unknown as Engine & { reads: string[] };
}

describe('containerOwner', () => {
  it.each([
    [undefined, { uid: 0, gid: 0 }],
    ['node', { uid: 1000, gid: 1001 }],
    ['nonroot', { uid: 65532, gid: 65532 }],
    ['1000', { uid: 1000, gid: 1001 }],
    ['4242', { uid: 4242, gid: 0 }],
    ['node:staff', { uid: 1000, gid: 50 }],
    ['node:77', { uid: 1000, gid: 77 }],
  ])('resolves user %s as the engine does', async (user, owner) => {
    expect(await containerOwner(engine(), 'c1', user)).toEqual(owner);
  });

  it('reads nothing from the container for a numeric uid:gid', async () => {
    const e = engine();
    expect(await containerOwner(e, 'c1', '12:34')).toEqual({ uid: 12, gid: 34 });
    expect(e.reads).toEqual([]);
  });
});
