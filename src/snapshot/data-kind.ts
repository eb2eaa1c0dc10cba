import type { ServiceSpec } from '../model/stack.js';

export type DataKind = 'postgres' | 'redis' | 'files';

const POSTGRES_IMAGE = /(^|\/)(postgres|pgvector|postgis|timescaledb[\w-]*|supabase\/postgres)(:|@|$)/;
const REDIS_IMAGE = /(^|\/)(redis|redis-stack-server|valkey)(:|@|$)/;

/**
 * What a service keeps in the volume mounted at `target`, which decides how it is captured consistently:
 * a Postgres cluster (its PGDATA is the mount or below it) by pg_dump, Redis's data dir by BGSAVE, any
 * other volume as files while its service is paused. The image's environment counts as much as its name,
 * so a renamed or mirrored image is still recognised.
 */
export function dataKind(service: ServiceSpec, imageEnv: Record<string, string>, target: string): DataKind {
  const image = service.image ?? '';
  if (POSTGRES_IMAGE.test(image) || imageEnv.PG_MAJOR) {
    const pgdata = service.environment.PGDATA ?? imageEnv.PGDATA ?? '/var/lib/postgresql/data';
    const base = target.endsWith('/') ? target : `${target}/`;
    if (pgdata === target || pgdata.startsWith(base)) return 'postgres';
  }
  if (REDIS_IMAGE.test(image) || imageEnv.REDIS_VERSION || imageEnv.VALKEY_VERSION) return 'redis';
  return 'files';
}
