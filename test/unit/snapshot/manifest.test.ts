import { describe, expect, it } from 'vitest';
import { parseManifest, SNAPSHOT_NAME, timeStamp } from '../../../src/snapshot/manifest.js';
import { dataKind } from '../../../src/snapshot/data-kind.js';
import type { ServiceSpec } from '../../../src/model/stack.js';

const manifest = {
  format: 1,
  name: 'seeded',
  stack: 'demo',
  projectDir: '/p',
  createdAt: '2026-11-23T18:44:00.000Z',
  devstackVersion: '0.1.0',
  automatic: false,
  services: [{ name: 'db', image: 'postgres:17', major: 17 }],
  volumes: [
    {
      key: 'data',
      name: 'demo_data',
      service: 'db',
      target: '/var/lib/postgresql/data',
      method: 'pg_dump',
      parts: [{ file: 'data.db0.pgdump.gz', bytes: 10, sha256: 'x' }],
    },
  ],
  bytes: 10,
};

describe('parseManifest', () => {
  it('reads a manifest devstack wrote', () => {
    expect(parseManifest(JSON.stringify(manifest), 'm.json')).toEqual(manifest);
  });

  it('refuses what is not one, naming the file', () => {
    expect(() => parseManifest('{', 'x/manifest.json')).toThrow(/x\/manifest.json is not valid JSON/);
    expect(() => parseManifest(JSON.stringify({ ...manifest, format: 2 }), 'm.json')).toThrow(/not a devstack snapshot manifest/);
    expect(() => parseManifest(JSON.stringify({ ...manifest, volumes: undefined }), 'm.json')).toThrow(/lacks/);
  });

  it('refuses an archive name that points outside the snapshot folder', () => {
    for (const file of ['../../etc/passwd', '/etc/passwd', '.hidden']) {
      const bad = { ...manifest, volumes: [{ ...manifest.volumes[0], parts: [{ file, bytes: 1, sha256: 'x' }] }] };
      expect(() => parseManifest(JSON.stringify(bad), 'm.json')).toThrow(/outside the snapshot/);
    }
  });
});

describe('snapshot names', () => {
  it('default names are the UTC time, sortable and valid', () => {
    const name = timeStamp(new Date('2026-11-23T18:44:05.123Z'));
    expect(name).toBe('20261123-184405');
    expect(SNAPSHOT_NAME.test(name)).toBe(true);
    expect(SNAPSHOT_NAME.test('../x')).toBe(false);
    expect(SNAPSHOT_NAME.test('.partial-x')).toBe(false);
  });
});

describe('dataKind', () => {
  const service = (image: string, environment: Record<string, string> = {}) => ({ name: 's', image, environment, volumes: [] }) as unknown as ServiceSpec;

  it('Postgres when the volume holds PGDATA, by image name or by the image saying PG_MAJOR', () => {
    expect(dataKind(service('pgvector/pgvector:0.8.0-pg17'), {}, '/var/lib/postgresql/data')).toBe('postgres');
    expect(dataKind(service('mirror/db:1'), { PG_MAJOR: '17', PGDATA: '/var/lib/postgresql/data' }, '/var/lib/postgresql/data')).toBe('postgres');
    expect(dataKind(service('postgres:18'), { PGDATA: '/var/lib/postgresql/18/docker' }, '/var/lib/postgresql')).toBe('postgres');
    expect(dataKind(service('postgres:17', { PGDATA: '/pg' }), {}, '/pg')).toBe('postgres');
  });

  it('files when a Postgres image mounts a volume that is not its data', () => {
    expect(dataKind(service('postgres:17'), {}, '/backups')).toBe('files');
  });

  it('Redis by image, else files', () => {
    expect(dataKind(service('redis:8.0.2'), {}, '/data')).toBe('redis');
    expect(dataKind(service('valkey/valkey:8'), {}, '/data')).toBe('redis');
    expect(dataKind(service('busybox:latest'), {}, '/data')).toBe('files');
    expect(dataKind(service('myredisclone:1'), {}, '/data')).toBe('files');
  });
});
