import { join } from 'node:path';
import type { ContainerState, Engine } from '../engine/types.js';
import { openArchive, writeArchive } from './archive-file.js';
import type { ArchivePart, VolumeEntry } from './manifest.js';
import { until, type Scratch } from './scratch.js';

const MINUTE = 60_000;

async function cli(engine: Engine, id: string, ...args: string[]): Promise<string> {
  const result = await engine.exec(id, ['redis-cli', ...args], MINUTE);
  if (result.exitCode !== 0) throw new Error(`redis-cli ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  return result.stdout.trim();
}

/** `CONFIG GET dir` answers two lines, the name and the value (raw output: no TTY). */
async function config(engine: Engine, id: string, name: string): Promise<string> {
  const lines = (await cli(engine, id, 'CONFIG', 'GET', name)).split('\n');
  return lines[1] ?? '';
}

function infoField(info: string, field: string): string | undefined {
  return info.match(new RegExp(`^${field}:(.*)$`, 'm'))?.[1]?.trim();
}

async function info(engine: Engine, id: string, section: string): Promise<string> {
  const result = await engine.exec(id, ['redis-cli', 'INFO', section], MINUTE);
  return result.stdout;
}

export interface RedisLayout {
  dir: string;
  dbfilename: string;
  appendonly: boolean;
  serverVersion: string;
}

export async function redisLayout(engine: Engine, container: ContainerState): Promise<RedisLayout> {
  return {
    dir: await config(engine, container.id, 'dir'),
    dbfilename: await config(engine, container.id, 'dbfilename'),
    appendonly: (await config(engine, container.id, 'appendonly')) === 'yes',
    serverVersion: infoField(await info(engine, container.id, 'server'), 'redis_version') ?? '',
  };
}

/**
 * A point-in-time copy without stopping Redis: BGSAVE forks and writes the dataset to a new RDB file,
 * renamed into place when complete; once INFO says it finished (and LASTSAVE moved), that file is copied.
 */
export async function captureRedis(engine: Engine, container: ContainerState, layout: RedisLayout, dir: string, key: string): Promise<ArchivePart[]> {
  const id = container.id;
  const before = Number(await cli(engine, id, 'LASTSAVE'));
  // Refused while another save or an AOF rewrite runs: wait for it and ask again.
  await until(
    'starting BGSAVE',
    5 * MINUTE,
    async () => /started|scheduled/i.test(await cli(engine, id, 'BGSAVE')),
    async () => undefined,
  );
  await until(
    'waiting for BGSAVE to finish',
    30 * MINUTE,
    async () => infoField(await info(engine, id, 'persistence'), 'rdb_bgsave_in_progress') === '0',
    async () => undefined,
  );
  const persistence = await info(engine, id, 'persistence');
  const after = Number(await cli(engine, id, 'LASTSAVE'));
  if (infoField(persistence, 'rdb_last_bgsave_status') !== 'ok' || after < before) {
    throw new Error(`BGSAVE failed (rdb_last_bgsave_status ${infoField(persistence, 'rdb_last_bgsave_status') ?? 'unknown'}); see \`devstack logs\``);
  }
  const file = `${key}.rdb.tar.gz`;
  const written = await writeArchive(await engine.getArchive(id, `${layout.dir}/${layout.dbfilename}`), join(dir, file));
  return [{ file, ...written }];
}

/**
 * Puts the RDB file into a staging volume and has a temporary Redis of the stack's image load it, which
 * checks the file whole (its checksum, every key). When the service keeps an append-only file, the
 * server rewrites one from the loaded data, as Redis loads that instead of the RDB when both exist.
 */
export async function restoreRedis(engine: Engine, scratch: Scratch, image: string, staging: string, entry: VolumeEntry, dir: string): Promise<void> {
  const layout = entry.redis ?? { dbfilename: 'dump.rdb', appendonly: false };
  const part = entry.parts[0]!;
  const id = await scratch.container('redis', image, {
    command: ['redis-server', '--dir', entry.target, '--dbfilename', layout.dbfilename, '--appendonly', 'no', '--save', ''],
    mounts: [{ type: 'volume', source: staging, target: entry.target, readOnly: false }],
  });
  await engine.putArchive(id, entry.target, openArchive(join(dir, part.file), part));
  await engine.startContainer(id);
  const dead = async () => {
    const state = await engine.inspectContainer(id);
    if (state?.status === 'running') return undefined;
    return `the temporary server exited (code ${state?.exitCode ?? '?'}) loading ${part.file}: ${(await engine.containerLogs(id, 10)).join('\n')}`;
  };
  await until(
    'loading the RDB file into a temporary Redis',
    10 * MINUTE,
    async () => (await engine.exec(id, ['redis-cli', 'PING'], 10_000)).stdout.trim() === 'PONG',
    dead,
  );
  if (layout.appendonly) {
    await cli(engine, id, 'CONFIG', 'SET', 'appendonly', 'yes');
    await until(
      'rewriting the append-only file',
      30 * MINUTE,
      async () => {
        const persistence = await info(engine, id, 'persistence');
        return (
          infoField(persistence, 'aof_rewrite_in_progress') === '0' &&
          infoField(persistence, 'aof_rewrite_scheduled') === '0' &&
          infoField(persistence, 'aof_enabled') === '1'
        );
      },
      dead,
    );
    const persistence = await info(engine, id, 'persistence');
    if (infoField(persistence, 'aof_last_bgrewrite_status') !== 'ok') throw new Error('rewriting the append-only file failed in the temporary Redis');
  }
  // SHUTDOWN SAVE writes the RDB again, so the file on the volume is the server's own, matching the AOF.
  await engine.exec(id, ['redis-cli', 'SHUTDOWN', 'SAVE'], 5 * MINUTE);
  const stopped = await scratch.exited(id, 5 * MINUTE);
  if (stopped.exitCode !== 0)
    throw new Error(`the temporary Redis did not shut down cleanly (exit ${stopped.exitCode}): ${(await engine.containerLogs(id, 10)).join('\n')}`);
}
