import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { ContainerState, Engine } from '../engine/types.js';
import type { ServiceSpec } from '../model/stack.js';
import { openArchive, writeArchive } from './archive-file.js';
import type { ArchivePart, VolumeEntry } from './manifest.js';
import { until, type Scratch } from './scratch.js';

const MINUTE = 60_000;

/** The superuser the image's entrypoint creates, which owns everything a dump restores. */
export function postgresUser(service: ServiceSpec): string {
  return service.environment.POSTGRES_USER || 'postgres';
}

async function psql(engine: Engine, id: string, user: string, sql: string): Promise<string> {
  const result = await engine.exec(id, ['psql', '-X', '-U', user, '-d', 'postgres', '-Atc', sql], MINUTE);
  if (result.exitCode !== 0) throw new Error(`psql failed: ${result.stderr || result.stdout}`);
  return result.stdout.trim();
}

/** One streamed command's output into one archive file. */
async function dumpTo(engine: Engine, id: string, cmd: string[], path: string): Promise<Pick<ArchivePart, 'bytes' | 'sha256'>> {
  const out = new PassThrough();
  const [written, ran] = await Promise.all([
    writeArchive(out, path),
    engine.execStream(id, { cmd }, { stdout: out }).catch((error: unknown) => {
      out.destroy(error as Error);
      throw error;
    }),
  ]);
  if (ran.exitCode !== 0) throw new Error(`${cmd[0]} failed (exit ${ran.exitCode}): ${ran.stderr}`);
  return written;
}

/**
 * A consistent copy of a running cluster without stopping it: `pg_dump -Fc` of every database that
 * accepts connections (each dump is one transaction snapshot) and the roles (`pg_dumpall --globals-only`).
 */
export async function capturePostgres(
  engine: Engine,
  container: ContainerState,
  user: string,
  dir: string,
  key: string,
): Promise<{ parts: ArchivePart[]; serverVersion: string }> {
  const serverVersion = await psql(engine, container.id, user, 'SHOW server_version');
  const databases = (await psql(engine, container.id, user, 'SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY 1'))
    .split('\n')
    .filter(Boolean);
  const parts: ArchivePart[] = [];
  const globals = `${key}.globals.sql.gz`;
  parts.push({ file: globals, role: 'globals', ...(await dumpTo(engine, container.id, ['pg_dumpall', '-U', user, '--globals-only'], join(dir, globals))) });
  for (const [index, database] of databases.entries()) {
    // -Z0: the whole archive is gzipped once, on our side.
    const file = `${key}.db${index}.pgdump.gz`;
    parts.push({ file, database, ...(await dumpTo(engine, container.id, ['pg_dump', '-U', user, '-Fc', '-Z0', '-d', database], join(dir, file))) });
  }
  return { parts, serverVersion };
}

/**
 * Restores the dumps into a staging volume: a temporary server of the stack's image initialises the
 * empty volume (the project's init scripts are not mounted: the dump holds what they made), takes the
 * roles and then each database with `pg_restore --exit-on-error`, and is stopped cleanly, so the
 * volume holds a closed cluster ready to be copied into place.
 */
export async function restorePostgres(
  engine: Engine,
  scratch: Scratch,
  service: ServiceSpec,
  image: string,
  staging: string,
  entry: VolumeEntry,
  dir: string,
): Promise<void> {
  const user = entry.postgres?.user ?? postgresUser(service);
  const id = await scratch.container('postgres', image, {
    env: service.environment,
    mounts: [{ type: 'volume', source: staging, target: entry.target, readOnly: false }],
    stopSignal: 'SIGINT',
  });
  await engine.startContainer(id);
  const dead = async () => {
    const state = await engine.inspectContainer(id);
    if (state?.status === 'running') return undefined;
    return `the temporary server exited (code ${state?.exitCode ?? '?'}): ${(await engine.containerLogs(id, 10)).join('\n')}`;
  };
  await until(
    'starting a temporary Postgres to restore into',
    5 * MINUTE,
    async () => (await engine.exec(id, ['pg_isready', '-h', '127.0.0.1', '-U', user], 10_000)).exitCode === 0,
    dead,
  );
  const existing = new Set((await psql(engine, id, user, 'SELECT datname FROM pg_database')).split('\n'));
  for (const part of entry.parts) {
    const input = openArchive(join(dir, part.file), part);
    if (part.role === 'globals') {
      // Roles the entrypoint already made fail as "already exists"; psql goes on, as it should.
      const ran = await engine.execStream(id, { cmd: ['psql', '-X', '-q', '-U', user, '-d', 'postgres'] }, { stdin: input });
      if (ran.exitCode !== 0) throw new Error(`restoring roles from ${part.file} failed: ${ran.stderr}`);
      continue;
    }
    const database = part.database!;
    if (!existing.has(database)) {
      const created = await engine.exec(id, ['createdb', '-U', user, database], MINUTE);
      if (created.exitCode !== 0) throw new Error(`creating database ${database} failed: ${created.stderr}`);
    }
    const ran = await engine.execStream(id, { cmd: ['pg_restore', '-U', user, '-d', database, '--exit-on-error'] }, { stdin: input });
    if (ran.exitCode !== 0) throw new Error(`pg_restore of database ${database} from ${part.file} failed: ${ran.stderr}`);
  }
  await engine.stopContainer(id, 120);
  const stopped = await scratch.exited(id, MINUTE);
  if (stopped.exitCode !== 0) throw new Error(`the temporary server did not shut down cleanly (exit ${stopped.exitCode})`);
}
