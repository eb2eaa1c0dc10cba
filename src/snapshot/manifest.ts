/** What a snapshot holds, written beside its archives as manifest.json. Plain data. */

/** How a volume's data was captured, which decides how it is put back. */
export type CaptureMethod = 'pg_dump' | 'redis-rdb' | 'files';

export interface ArchivePart {
  /** File name inside the snapshot's folder. */
  file: string;
  /** Size of the compressed file, and its sha256: a damaged archive is caught before any swap. */
  bytes: number;
  sha256: string;
  /** pg_dump: the database this part holds; `globals` parts hold roles. */
  database?: string;
  role?: 'globals';
}

export interface VolumeEntry {
  key: string;
  /** Engine name of the volume (`<project>_<key>`). */
  name: string;
  /** The service whose data it is, and where that service mounts it. */
  service: string;
  target: string;
  method: CaptureMethod;
  parts: ArchivePart[];
  /** The volume's disk use when captured, when the engine had measured it. */
  volumeBytes?: number;
  /** Redis: the file it loads, and whether it also keeps an append-only file to rebuild. */
  redis?: { dbfilename: string; appendonly: boolean };
  /** Postgres: the superuser the dumps are restored as. */
  postgres?: { user: string };
}

export interface ServiceEntry {
  name: string;
  image: string;
  /** Image ID (a sha256 digest) the service's container ran. */
  imageId?: string;
  /** Major version of what the image runs (Postgres 17, Redis 8), when it can be told; see versions.ts. */
  major?: number;
  /** What the running server itself reported, for people reading the manifest. */
  serverVersion?: string;
}

export interface Manifest {
  format: 1;
  name: string;
  stack: string;
  projectDir: string;
  createdAt: string;
  devstackVersion: string;
  /** Taken by devstack itself (before `reset --volumes`), restored by `devstack undo`. */
  automatic: boolean;
  reason?: string;
  services: ServiceEntry[];
  volumes: VolumeEntry[];
  /** Sum of the archives' sizes. */
  bytes: number;
}

export const SNAPSHOT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/** A manifest read from disk, checked enough that later code may trust its shape. */
export function parseManifest(text: string, where: string): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where} is not valid JSON: ${(error as Error).message}`);
  }
  const m = data as Partial<Manifest>;
  if (m?.format !== 1) throw new Error(`${where} is not a devstack snapshot manifest (format ${String(m?.format)})`);
  if (typeof m.name !== 'string' || typeof m.stack !== 'string' || typeof m.createdAt !== 'string' || !Array.isArray(m.volumes) || !Array.isArray(m.services)) {
    throw new Error(`${where} lacks name, stack, createdAt, services or volumes`);
  }
  for (const v of m.volumes) {
    if (!Array.isArray(v.parts) || v.parts.some((p) => typeof p.file !== 'string' || p.file.includes('/') || p.file.startsWith('.'))) {
      throw new Error(`${where}: volume ${String(v.name)} lists an archive outside the snapshot`);
    }
  }
  return m as Manifest;
}

/** `20261123-184400` from a time: sortable, and a valid file and snapshot name. */
export function timeStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');
}
