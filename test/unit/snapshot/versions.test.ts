import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { majorChanges, majorVersion } from '../../../src/snapshot/versions.js';

describe('majorVersion', () => {
  it('reads what the image says of itself before its tag', () => {
    expect(majorVersion('pgvector/pgvector:0.8.0-pg17', { PG_MAJOR: '17' })).toBe(17);
    expect(majorVersion('mirror.local/db:latest', { PG_MAJOR: '16' })).toBe(16);
    expect(majorVersion('redis:latest', { REDIS_VERSION: '7.4.1' })).toBe(7);
  });

  it('falls back on the tag: pgNN, then its leading number', () => {
    expect(majorVersion('pgvector/pgvector:0.8.0-pg17')).toBe(17);
    expect(majorVersion('pgvector/pgvector:pg16')).toBe(16);
    expect(majorVersion('postgres:16-alpine')).toBe(16);
    expect(majorVersion('redis:8.0.2')).toBe(8);
    expect(majorVersion('prom/prometheus:v2.53.3')).toBe(2);
    expect(majorVersion('localhost:5000/postgres:15.4')).toBe(15);
  });

  it('says nothing when nothing tells', () => {
    expect(majorVersion('busybox')).toBeUndefined();
    expect(majorVersion('busybox:latest')).toBeUndefined();
    expect(majorVersion('localhost:5000/app')).toBeUndefined();
    expect(majorVersion('app@sha256:abc')).toBeUndefined();
  });

  it('never throws, whatever the reference', () => {
    fc.assert(
      fc.property(fc.string(), fc.dictionary(fc.string(), fc.string()), (image, env) => {
        const major = majorVersion(image, env);
        expect(major === undefined || Number.isInteger(major)).toBe(true);
      }),
    );
  });
});

describe('majorChanges', () => {
  const saved = [
    { name: 'postgres', image: 'postgres:16', major: 16 },
    { name: 'redis', image: 'redis:8.0.2', major: 8 },
    { name: 'files', image: 'busybox:latest' },
  ];

  it('names each service whose major version moved, with both images', () => {
    expect(
      majorChanges(saved, [
        { service: 'postgres', image: 'postgres:17', major: 17 },
        { service: 'redis', image: 'redis:8.2.0', major: 8 },
      ]),
    ).toEqual([{ service: 'postgres', from: { image: 'postgres:16', major: 16 }, to: { image: 'postgres:17', major: 17 } }]);
  });

  it('does not refuse what it cannot tell: an unknown version on either side, or a service the snapshot lacks', () => {
    expect(
      majorChanges(saved, [
        { service: 'files', image: 'busybox:1', major: 1 },
        { service: 'postgres', image: 'my/db', major: undefined },
        { service: 'other', image: 'postgres:17', major: 17 },
      ]),
    ).toEqual([]);
  });
});
