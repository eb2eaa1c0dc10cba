import type { ServiceEntry } from './manifest.js';

/**
 * The major version of what an image runs. The image's own environment says it best (the official
 * postgres images set PG_MAJOR, redis sets REDIS_VERSION); else the tag: `pg17` in pgvector's
 * `0.8.0-pg17`, or the tag's leading number (`16-alpine`, `v2.53.3`). Undefined when nothing tells.
 */
export function majorVersion(image: string, env: Record<string, string> = {}): number | undefined {
  const fromEnv = env.PG_MAJOR ?? env.PG_VERSION ?? env.REDIS_VERSION ?? env.VALKEY_VERSION ?? env.MYSQL_MAJOR ?? env.MARIADB_MAJOR ?? env.MONGO_MAJOR;
  const envMajor = fromEnv?.match(/^(\d+)/)?.[1];
  if (envMajor) return Number(envMajor);
  const lastSlash = image.lastIndexOf('/');
  const tagAt = image.indexOf(':', lastSlash + 1);
  if (tagAt < 0) return undefined;
  const tag = image.slice(tagAt + 1).replace(/@.*$/, '');
  const pg = tag.match(/(?:^|[-_.])pg(\d+)(?:$|[-_.])/);
  if (pg) return Number(pg[1]);
  const lead = tag.match(/^v?(\d+)(?:$|[-_.])/);
  return lead ? Number(lead[1]) : undefined;
}

export interface VersionChange {
  service: string;
  from: { image: string; major: number };
  to: { image: string; major: number };
}

/**
 * Services whose major version differs between the snapshot and the stack now. Data files of one major
 * version (a Postgres cluster, say) do not start under another, so restoring them needs --force.
 */
export function majorChanges(saved: ServiceEntry[], now: Array<{ service: string; image: string; major: number | undefined }>): VersionChange[] {
  const changes: VersionChange[] = [];
  for (const current of now) {
    const before = saved.find((s) => s.name === current.service);
    if (before?.major === undefined || current.major === undefined || before.major === current.major) continue;
    changes.push({ service: current.service, from: { image: before.image, major: before.major }, to: { image: current.image, major: current.major } });
  }
  return changes;
}
