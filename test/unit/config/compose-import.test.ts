import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { importCompose, profileFor, type ProfileOffer } from '../../../src/import/compose-import.js';
import { lines, load, project } from './helpers.js';

const OFFERS: ProfileOffer[] = [
  {
    profile: 'postgres',
    service: 'postgres',
    environment: ['POSTGRES_USER', 'POSTGRES_PASSWORD', 'POSTGRES_DB'],
    image: 'pgvector/pgvector:0.8.0-pg17',
    data: { volume: 'postgres-data', target: '/var/lib/postgresql/data' },
  },
  { profile: 'redis', service: 'redis', environment: [], image: 'redis:8.0.2', data: { volume: 'redis-data', target: '/data' } },
  {
    profile: 'minio',
    service: 'minio',
    environment: ['MINIO_ROOT_USER', 'MINIO_ROOT_PASSWORD'],
    image: 'minio/minio:RELEASE.2025-04-22T22-12-26Z',
    data: { volume: 'minio-data', target: '/data' },
  },
  { profile: 'prometheus', service: 'prometheus', environment: [], image: 'prom/prometheus:v2.53.3' },
  { profile: 'grafana', service: 'grafana', environment: ['GF_SECURITY_ADMIN_USER', 'GF_SECURITY_ADMIN_PASSWORD'], image: 'grafana/grafana:11.6.1' },
];
const PROFILES_DIR = resolve(import.meta.dirname, '../../../profiles');
const shop = { projectName: 'shop' };

/** The Compose file of the issue: Postgres 16 as alice with a named volume, Redis 7 unpublished. */
const OLDER = lines(
  'services:',
  '  api:',
  '    build: .',
  '    environment:',
  '      DATABASE_URL: postgres://alice:s3cret@db:5432/shop',
  '  db:',
  '    image: postgres:16',
  '    environment:',
  '      POSTGRES_USER: alice',
  '      POSTGRES_PASSWORD: s3cret',
  '      POSTGRES_DB: shop',
  '    volumes:',
  '      - dbdata:/var/lib/postgresql/data',
  '  cache:',
  '    image: redis:7',
  'volumes:',
  '  dbdata:',
);

/** The same stack on the majors the profiles run, so they can stand in. */
const SAME_MAJOR = lines(
  '# the shop',
  'name: shop',
  'services:',
  '  api:',
  '    build: .',
  '    environment:',
  '      DATABASE_URL: postgres://alice:s3cret@db:5432/alice  # keep this comment',
  '    depends_on: [db, cache]',
  '  db:',
  '    image: postgres:17.2',
  '    environment: [POSTGRES_USER=alice, POSTGRES_PASSWORD=s3cret, TZ=UTC]',
  '    volumes: [dbdata:/var/lib/postgresql/data]',
  '    ports: ["5433:5432"]',
  '  cache:',
  '    image: redis:8-alpine',
  '    command: ["redis-server", "--save", "60", "1"]',
  'volumes:',
  '  dbdata:',
);

describe('devstack import', () => {
  it('recognises the images the built-in profiles provide', () => {
    expect(
      [
        'postgres:16',
        'pgvector/pgvector:0.8.0-pg17',
        'redis:7-alpine',
        'docker.io/library/redis',
        'minio/minio:latest',
        'prom/prometheus:v2.53.3',
        'grafana/grafana-oss:11',
        'mysql:8',
        'postgrest/postgrest',
      ].map(profileFor),
    ).toEqual(['postgres', 'postgres', 'redis', 'redis', 'minio', 'prometheus', 'grafana', undefined, undefined]);
  });

  it('keeps a service as written, and says why, when the profile runs another major version', () => {
    const result = importCompose(OLDER, OFFERS, shop);
    expect(result.text).toBe(OLDER);
    expect(result.replaced).toEqual([]);
    expect(result.kept).toEqual(['api', 'db', 'cache']);
    expect(result.held.map((h) => [h.service, h.profile])).toEqual([
      ['db', 'postgres'],
      ['cache', 'redis'],
    ]);
    expect(result.held[0]!.reason).toContain(
      'it runs postgres:16 (major version 16) and the built-in profile postgres runs pgvector/pgvector:0.8.0-pg17 (major 17)',
    );
    expect(importCompose(lines('services:', '  db:', '    image: postgres'), OFFERS, shop).held[0]!.reason).toContain('no version tag');
  });

  it('keeps a service as written when it mounts more than its data volume', () => {
    const text = lines(
      'services:',
      '  db:',
      '    image: postgres:17',
      '    volumes:',
      '      - ./init.sql:/docker-entrypoint-initdb.d/init.sql',
      '      - data:/var/lib/postgresql/data',
    );
    expect(importCompose(text, OFFERS, shop).held[0]!.reason).toBe(
      'it mounts ./init.sql:/docker-entrypoint-initdb.d/init.sql, which the profile postgres does not',
    );
  });

  it('on the same major: keeps credentials, database, ports, the rest of the service and the data volume by name, and lists every change', () => {
    const result = importCompose(SAME_MAJOR, OFFERS, shop);
    const doc = parse(result.text) as Record<string, unknown> & { services: Record<string, Record<string, unknown>> };
    expect(doc.profiles).toEqual(['postgres', 'redis']);
    // The image's default database is the user's name; the profile's would be `app`.
    expect(doc.services.postgres).toEqual({
      environment: { POSTGRES_USER: 'alice', POSTGRES_PASSWORD: 's3cret', TZ: 'UTC', POSTGRES_DB: 'alice' },
      ports: ['5433:5432'],
    });
    // Not published in the Compose file: not published now.
    expect(doc.services.redis).toEqual({ command: ['redis-server', '--save', '60', '1'], ports: [] });
    expect(doc.services.api!.depends_on).toEqual(['postgres', 'redis']);
    expect(doc.volumes).toEqual({ 'postgres-data': { name: 'shop_dbdata' } });
    expect(result.text).toContain('# keep this comment');
    const [db, cache] = result.replaced;
    expect(db!.changes).toEqual([
      'image postgres:17.2 → pgvector/pgvector:0.8.0-pg17 (the same major version)',
      'service renamed db → postgres',
      'sets POSTGRES_DB: alice, the default of the postgres image, which the profile would change',
      "keeps its data in volume shop_dbdata (the profile's postgres-data is pointed at it)",
      "adds the profile's healthcheck, CPU and memory limits, log rotation and no-new-privileges",
    ]);
    expect(db!.mentions).toEqual(['services.api.environment.DATABASE_URL']);
    expect(cache!.changes).toContain('publishes no port, as in the Compose file (the profile would publish one)');
    expect(cache!.changes).toContain('keeps its data in a new named volume shop_redis-data (the Compose file kept none)');
    expect(cache!.kept).toEqual(['command']);
  });

  it('writes a devstack.yml whose services run as the Compose file said, on the Compose volume', async () => {
    const dir = await project({ 'devstack.yml': importCompose(SAME_MAJOR, OFFERS, shop).text, Dockerfile: 'FROM busybox\n' });
    const { services, volumes } = await load(dir, { builtinProfilesDir: PROFILES_DIR, allowUnset: true });
    expect(services.postgres!.image).toBe('pgvector/pgvector:0.8.0-pg17');
    expect(services.postgres!.environment).toMatchObject({ POSTGRES_USER: 'alice', POSTGRES_PASSWORD: 's3cret', POSTGRES_DB: 'alice', TZ: 'UTC' });
    expect(services.postgres!.ports.map((p) => p.hostPort)).toEqual([5433]);
    expect(services.postgres!.volumes).toContainEqual({ type: 'volume', source: 'shop_dbdata', target: '/var/lib/postgresql/data', readOnly: false });
    expect(volumes['postgres-data']!.name).toBe('shop_dbdata');
    expect(services.redis!.ports).toEqual([]);
    expect(services.redis!.command).toEqual(['redis-server', '--save', '60', '1']);
  });

  it('points the profile at an external or renamed volume by its own name', () => {
    const text = (declared: string) =>
      lines('services:', '  cache:', '    image: redis:8.0', '    volumes: [cachedata:/data]', 'volumes:', '  cachedata:', declared);
    expect(parse(importCompose(text('    external: true'), OFFERS, shop).text).volumes).toEqual({ 'redis-data': { external: true, name: 'cachedata' } });
    expect(parse(importCompose(text('    name: team-cache'), OFFERS, shop).text).volumes).toEqual({ 'redis-data': { name: 'team-cache' } });
  });

  it('leaves a file with nothing to replace unchanged', () => {
    const text = lines('services:', '  app:', '    image: busybox:latest  # as is');
    expect(importCompose(text, OFFERS, shop)).toEqual({ text, replaced: [], kept: ['app'], held: [] });
  });
});
