import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { importCompose, profileFor, type ProfileOffer } from '../../../src/import/compose-import.js';
import { lines, load, project } from './helpers.js';

const OFFERS: ProfileOffer[] = [
  { profile: 'postgres', service: 'postgres', environment: ['POSTGRES_USER', 'POSTGRES_PASSWORD', 'POSTGRES_DB'] },
  { profile: 'redis', service: 'redis', environment: [] },
  { profile: 'minio', service: 'minio', environment: ['MINIO_ROOT_USER', 'MINIO_ROOT_PASSWORD'] },
  { profile: 'prometheus', service: 'prometheus', environment: [] },
  { profile: 'grafana', service: 'grafana', environment: ['GF_SECURITY_ADMIN_PASSWORD'] },
];

const COMPOSE = lines(
  '# the shop',
  'name: shop',
  'services:',
  '  api:',
  '    build: .',
  '    environment:',
  '      DATABASE_URL: postgres://app:pw@db:5432/app  # keep this comment',
  '    depends_on: [db, cache]',
  '  db:',
  '    image: postgres:16',
  '    environment: [POSTGRES_PASSWORD=pw, TZ=UTC]',
  '    volumes: [pgdata:/var/lib/postgresql/data]',
  '    ports: ["5433:5432"]',
  '  cache:',
  '    image: redis:7-alpine',
  '  redis:',
  '    image: redis:8.0.2',
  '  metrics:',
  '    image: prom/prometheus:v2.53.3',
  'volumes:',
  '  pgdata:',
);

describe('devstack import', () => {
  it('recognises the images the built-in profiles provide', () => {
    expect(['postgres:16', 'pgvector/pgvector:0.8.0-pg17', 'redis:7-alpine', 'docker.io/library/redis', 'minio/minio:latest', 'prom/prometheus:v2.53.3', 'grafana/grafana-oss:11', 'mysql:8', 'postgrest/postgrest'].map(profileFor)).toEqual([
      'postgres', 'postgres', 'redis', 'redis', 'minio', 'prometheus', 'grafana', undefined, undefined,
    ]);
  });

  it('uses a profile per matching service, keeps its credentials and ports as overrides, and the rest as written', () => {
    const result = importCompose(COMPOSE, OFFERS);
    const doc = parse(result.text) as Record<string, unknown> & { services: Record<string, Record<string, unknown>> };
    expect(doc.profiles).toEqual(['postgres', 'redis', 'prometheus']);
    expect(doc.services.postgres).toEqual({ environment: { POSTGRES_PASSWORD: 'pw' }, ports: ['5433:5432'] });
    expect(doc.services.api!.depends_on).toEqual(['postgres', 'cache']);
    // `cache` cannot become `redis`: a service of that name exists, and takes the profile itself.
    expect(Object.keys(doc.services)).toEqual(['api', 'cache', 'postgres']);
    expect(doc.volumes).toBeUndefined();
    expect(result.text).toContain('# the shop');
    expect(result.text).toContain('# keep this comment');
    expect(result.kept).toEqual(['api', 'cache']);
    expect(result.replaced.map((r) => [r.from, r.profile, r.kept, r.mentions])).toEqual([
      ['db', 'postgres', ['environment.POSTGRES_PASSWORD', 'ports'], ['services.api.environment.DATABASE_URL']],
      ['redis', 'redis', [], []],
      ['metrics', 'prometheus', [], []],
    ]);
  });

  it('writes a devstack.yml that loads, with the built-in profile in place of the service', async () => {
    const dir = await project({ 'devstack.yml': importCompose(COMPOSE, OFFERS).text, Dockerfile: 'FROM busybox\n' });
    const { resolve } = await import('node:path');
    const { services } = await load(dir, { builtinProfilesDir: resolve(import.meta.dirname, '../../../profiles'), allowUnset: true });
    expect(services.postgres!.image).toBe('pgvector/pgvector:0.8.0-pg17');
    expect(services.postgres!.environment.POSTGRES_PASSWORD).toBe('pw');
    expect(services.postgres!.ports.map((p) => p.hostPort)).toEqual([5433]);
    expect(services.cache!.image).toBe('redis:7-alpine');
  });

  it('leaves a file with nothing to replace unchanged', () => {
    const text = lines('services:', '  app:', '    image: busybox:latest  # as is');
    expect(importCompose(text, OFFERS)).toEqual({ text, replaced: [], kept: ['app'] });
  });
});
