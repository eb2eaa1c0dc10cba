import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadDockerode } from '../../../src/engine/load-dockerode.js';

const require = createRequire(import.meta.url);
const sessionPath = createRequire(require.resolve('dockerode')).resolve('./session.js');
const loaded = (part: string) => Object.keys(require.cache).some((path) => path.includes(part));

describe('loadDockerode', () => {
  it('gives the dockerode constructor without loading gRPC or ssh2, and loads them on first use', () => {
    const Docker = loadDockerode();
    expect(typeof Docker).toBe('function');
    expect(new Docker({ socketPath: '/nonexistent.sock' }).modem).toBeDefined();
    expect(loaded('/@grpc/grpc-js/')).toBe(false);
    expect(loaded('/ssh2/')).toBe(false);

    // The session stand-in loads the real module when called (here with arguments it rejects at once).
    const session = require.cache[sessionPath]!.exports as (...args: unknown[]) => unknown;
    try {
      session(undefined, undefined, () => undefined);
    } catch {
      // the real withSession failing on bad arguments is fine: it was reached
    }
    expect(loaded('/@grpc/grpc-js/')).toBe(true);
  });
});
