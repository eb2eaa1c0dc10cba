import { join } from 'node:path';
import { EngineConflictError, InterruptedError, SnapshotFailedError, UsageError } from '../errors.js';
import type { ContainerState, Engine } from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';
import { imageFor } from '../plan/desired-container.js';
import type { Reporter } from '../run/events.js';
import { currentContainer } from '../run/service-containers.js';
import { asStep, stop } from '../run/stop.js';
import { up } from '../run/up.js';
import { dataKind } from './data-kind.js';
import { captureFiles } from './files.js';
import type { CaptureMethod, Manifest, ServiceEntry, VolumeEntry } from './manifest.js';
import { capturePostgres, postgresUser } from './postgres.js';
import { captureRedis, redisLayout } from './redis.js';
import { clearLeftovers, Scratch } from './scratch.js';
import { newSnapshotName, openSnapshotDir } from './store.js';
import { majorVersion } from './versions.js';
import { containersMounting, ownVolumes, servicesMounting, type OwnVolume } from './own-volumes.js';

export interface SaveOptions {
  name?: string;
  /** Resolved service names; none: every service. */
  services: string[];
  automatic: boolean;
  reason?: string;
  /** Stop the services and copy their files, instead of pg_dump, BGSAVE or pausing. */
  stopServices: boolean;
  timeoutMs: number;
  signal: AbortSignal;
  devstackVersion: string;
  /** Taken inside a restore, whose own helpers and staging volumes are live: they are not leftovers. */
  withinRestore?: boolean;
}

export interface SaveResult {
  manifest: Manifest;
  dir: string;
  /** Volumes the services mount that are not this project's, left out, and why. */
  skipped: Array<{ name: string; reason: string }>;
}

interface Source {
  volume: OwnVolume;
  container: ContainerState | undefined;
  image: string;
  env: Record<string, string>;
}

async function sourceOf(engine: Engine, stack: StackSpec, volume: OwnVolume): Promise<Source> {
  const container = await currentContainer(engine, stack, volume.service);
  const image = imageFor(stack, stack.services[volume.service]!);
  const config = await engine.imageConfig(container?.imageId ?? image);
  return { volume, container, image: container?.imageId ?? image, env: config?.env ?? {} };
}

function methodFor(stack: StackSpec, source: Source, stopServices: boolean): CaptureMethod {
  if (stopServices || source.container?.status !== 'running') return 'files';
  const kind = dataKind(stack.services[source.volume.service]!, source.env, source.volume.target);
  return kind === 'postgres' ? 'pg_dump' : kind === 'redis' ? 'redis-rdb' : 'files';
}

/** Files of a volume while every running container that mounts it is paused, so nothing writes mid-copy. */
async function capturePaused(engine: Engine, stack: StackSpec, scratch: Scratch, source: Source, path: string) {
  const running = (await containersMounting(engine, stack, source.volume.name)).filter((c) => c.status === 'running');
  const paused: string[] = [];
  try {
    for (const c of running) {
      try {
        await engine.pauseContainer(c.id);
        paused.push(c.id);
      } catch (error) {
        // The engine's list can lag a stop by a moment (Engine 26 right after `--stop`): a container
        // that is no longer running writes nothing, so there is nothing to pause.
        if (!(error instanceof EngineConflictError)) throw error;
      }
    }
    return await captureFiles(engine, scratch, source.image, source.volume.name, path);
  } finally {
    for (const id of paused) await engine.unpauseContainer(id).catch(() => undefined);
  }
}

async function captureVolume(
  engine: Engine,
  stack: StackSpec,
  scratch: Scratch,
  source: Source,
  method: CaptureMethod,
  dir: string,
): Promise<{ entry: VolumeEntry; serverVersion?: string }> {
  const { volume } = source;
  const base = { key: volume.key, name: volume.name, service: volume.service, target: volume.target };
  if (method === 'pg_dump') {
    const user = postgresUser(stack.services[volume.service]!);
    const { parts, serverVersion } = await capturePostgres(engine, source.container!, user, dir, volume.key);
    return { entry: { ...base, method, parts, postgres: { user } }, serverVersion };
  }
  if (method === 'redis-rdb') {
    const layout = await redisLayout(engine, source.container!);
    // Redis keeping its files elsewhere than this volume: the volume is just files.
    if (layout.dir === volume.target) {
      const parts = await captureRedis(engine, source.container!, layout, dir, volume.key);
      return {
        entry: { ...base, method, parts, redis: { dbfilename: layout.dbfilename, appendonly: layout.appendonly } },
        serverVersion: layout.serverVersion,
      };
    }
  }
  const file = `${volume.key}.files.tar.gz`;
  return { entry: { ...base, method: 'files', parts: [{ file, ...(await capturePaused(engine, stack, scratch, source, join(dir, file))) }] } };
}

/**
 * Captures the chosen services' volumes into a new snapshot folder: each consistently for what it holds,
 * streamed through the engine and compressed on the way to disk. The folder becomes a snapshot only when
 * every archive and the manifest are written; a failure leaves no half snapshot, and the services' data
 * is only ever read.
 */
export async function saveSnapshot(engine: Engine, stack: StackSpec, options: SaveOptions, report: Reporter): Promise<SaveResult> {
  const { volumes, kept } = await ownVolumes(engine, stack, options.services);
  if (!volumes.length) {
    throw new UsageError(
      `Nothing to snapshot: ${options.services.length ? options.services.join(', ') : 'the services'} mount no volume of this project that exists`,
      'Start the stack with `devstack up` first, or name the services whose volumes to keep.',
    );
  }
  if (!options.withinRestore) await clearLeftovers(engine, stack);
  const createdAt = new Date();
  const name = await newSnapshotName(stack, options.name, options.automatic, createdAt);
  const folder = await openSnapshotDir(stack, name);
  const scratch = new Scratch(engine, stack);
  const sources = await Promise.all(volumes.map((v) => sourceOf(engine, stack, v)));
  const mounting = [...new Set(volumes.flatMap((v) => servicesMounting(stack, v.name)))];
  let stopped: string[] = [];
  let current: OwnVolume | undefined;
  try {
    if (options.stopServices) stopped = await stop(engine, stack, mounting, asStep(report));
    const entries: VolumeEntry[] = [];
    const versions = new Map<string, string>();
    for (const source of sources) {
      if (options.signal.aborted) throw new InterruptedError([]);
      current = source.volume;
      const { entry, serverVersion } = await captureVolume(engine, stack, scratch, source, methodFor(stack, source, options.stopServices), folder.dir);
      entries.push(entry);
      if (serverVersion) versions.set(source.volume.service, serverVersion);
    }
    current = undefined;
    const sizes = await engine.volumeSizes().catch(() => ({}) as Record<string, number | undefined>);
    for (const entry of entries) if (sizes[entry.name] !== undefined) entry.volumeBytes = sizes[entry.name]!;
    const services: ServiceEntry[] = [...new Set(volumes.map((v) => v.service))].map((service) => {
      const source = sources.find((s) => s.volume.service === service)!;
      const image = imageFor(stack, stack.services[service]!);
      const major = majorVersion(image, source.env);
      return {
        name: service,
        image,
        ...(source.container ? { imageId: source.container.imageId } : {}),
        ...(major !== undefined ? { major } : {}),
        ...(versions.has(service) ? { serverVersion: versions.get(service)! } : {}),
      };
    });
    const manifest: Manifest = {
      format: 1,
      name,
      stack: stack.name,
      projectDir: stack.projectDir,
      createdAt: createdAt.toISOString(),
      devstackVersion: options.devstackVersion,
      automatic: options.automatic,
      ...(options.reason ? { reason: options.reason } : {}),
      services,
      volumes: entries,
      bytes: entries.flatMap((e) => e.parts).reduce((sum, p) => sum + p.bytes, 0),
    };
    const dir = await folder.publish(manifest);
    return { manifest, dir, skipped: kept };
  } catch (error) {
    await folder.discard();
    if (error instanceof InterruptedError) throw error;
    const what = current ? `volume ${current.name} (service ${current.service})` : 'the stack';
    throw new SnapshotFailedError(
      `Snapshot ${name} failed while capturing ${what}: ${error instanceof Error ? error.message : String(error)}`,
      'Nothing was changed and no partial snapshot was kept; fix the cause above and run it again.',
    );
  } finally {
    await scratch.dispose();
    if (stopped.length) {
      await up(
        engine,
        stack,
        { services: stopped, forceRecreate: false, build: false, removeOrphans: false, timeoutMs: options.timeoutMs, wait: true, signal: options.signal },
        report,
      );
    }
  }
}
