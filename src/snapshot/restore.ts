import { InterruptedError, SnapshotFailedError, SnapshotVersionError, UsageError } from '../errors.js';
import { LABEL_VOLUME, type Engine } from '../engine/types.js';
import { dependentsOf } from '../model/order.js';
import type { StackSpec } from '../model/stack.js';
import { imageFor } from '../plan/desired-container.js';
import type { Reporter } from '../run/events.js';
import { asStep, stop } from '../run/stop.js';
import { up } from '../run/up.js';
import { restoreFiles } from './files.js';
import type { VolumeEntry } from './manifest.js';
import { restorePostgres } from './postgres.js';
import { restoreRedis } from './redis.js';
import { clearLeftovers, Scratch } from './scratch.js';
import type { StoredSnapshot } from './store.js';
import { swapIntoPlace } from './swap.js';
import { majorChanges, majorVersion } from './versions.js';
import { ownVolumes, servicesMounting, volumeLabels } from './own-volumes.js';

export interface RestoreOptions {
  /** Resolved service names; none: everything in the snapshot. */
  services: string[];
  force: boolean;
  timeoutMs: number;
  signal: AbortSignal;
  /** Runs once every volume is staged, before any service stops: where `snapshot restore` saves what it replaces. */
  beforeReplacing?: () => Promise<void>;
}

export interface RestoreResult {
  volumes: string[];
  services: string[];
}

/** The snapshot's volumes to restore, each matched to a volume of this project the stack still has. */
async function entriesToRestore(
  engine: Engine,
  stack: StackSpec,
  snapshot: StoredSnapshot,
  services: string[],
): Promise<{ entries: VolumeEntry[]; missing: VolumeEntry[] }> {
  const entries = snapshot.manifest.volumes.filter((v) => !services.length || services.includes(v.service));
  if (!entries.length)
    throw new UsageError(
      `Snapshot ${snapshot.manifest.name} holds no volume of ${services.join(', ')}`,
      `It holds: ${snapshot.manifest.volumes.map((v) => `${v.name} (${v.service})`).join(', ')}.`,
    );
  for (const entry of entries) {
    if (!stack.services[entry.service])
      throw new UsageError(
        `Snapshot ${snapshot.manifest.name} holds data of service ${entry.service}, which the stack no longer has`,
        'Restore the other services by name.',
      );
    const volume = stack.volumes[entry.key];
    if (!volume || volume.name !== entry.name || volume.external)
      throw new UsageError(`The stack no longer has the volume ${entry.name} the snapshot holds`, 'Restore the other services by name.');
  }
  // A volume that exists must be ours; one that does not (removed since) is made as `up` makes it.
  const { volumes, kept } = await ownVolumes(engine, stack, [...new Set(entries.map((e) => e.service))]);
  const foreign = kept.find((k) => entries.some((e) => e.name === k.name));
  if (foreign) throw new UsageError(`Volume ${foreign.name} is not this project's to replace: ${foreign.reason}`, 'Nothing was changed.');
  return { entries, missing: entries.filter((e) => !volumes.some((v) => v.name === e.name)) };
}

/** The services and, transitively, those that depend on them: an app must not keep connections to a database whose data was swapped under it. */
function withDependents(stack: StackSpec, services: string[]): string[] {
  const all = new Set(services);
  for (const service of all) for (const dependent of dependentsOf(stack, service)) all.add(dependent);
  return [...all];
}

async function checkVersions(engine: Engine, stack: StackSpec, snapshot: StoredSnapshot, entries: VolumeEntry[]): Promise<void> {
  const now = await Promise.all(
    [...new Set(entries.map((e) => e.service))].map(async (service) => {
      const image = imageFor(stack, stack.services[service]!);
      return { service, image, major: majorVersion(image, (await engine.imageConfig(image))?.env) };
    }),
  );
  const changes = majorChanges(snapshot.manifest.services, now);
  if (changes.length) throw new SnapshotVersionError(changes);
}

async function stage(engine: Engine, stack: StackSpec, scratch: Scratch, entry: VolumeEntry, snapshot: StoredSnapshot): Promise<string> {
  const service = stack.services[entry.service]!;
  const image = imageFor(stack, service);
  if (!(await engine.imageId(image))) await engine.pullImage(image, () => undefined);
  const staging = await scratch.stagingVolume(entry.name);
  if (entry.method === 'pg_dump') await restorePostgres(engine, scratch, service, image, staging, entry, snapshot.dir);
  else if (entry.method === 'redis-rdb') await restoreRedis(engine, scratch, image, staging, entry, snapshot.dir);
  else await restoreFiles(engine, scratch, image, staging, `${snapshot.dir}/${entry.parts[0]!.file}`, entry.parts[0]!);
  return staging;
}

/**
 * Restores a snapshot's volumes. Every volume is first rebuilt in a new staging volume (and checked:
 * archive checksums, pg_restore, Redis loading the file); only when all of them succeeded are the
 * services stopped and each staging volume copied over the one the service's container names, so a
 * failure before that point leaves the current data and the running services exactly as they were.
 * Then the services start again and are waited for.
 */
export async function restoreSnapshot(
  engine: Engine,
  stack: StackSpec,
  snapshot: StoredSnapshot,
  options: RestoreOptions,
  report: Reporter,
): Promise<RestoreResult> {
  const { entries, missing } = await entriesToRestore(engine, stack, snapshot, options.services);
  if (!options.force) await checkVersions(engine, stack, snapshot, entries);
  for (const entry of missing)
    await engine.createVolume(entry.name, { ...volumeLabels(stack), [LABEL_VOLUME]: entry.key, ...stack.volumes[entry.key]!.labels });
  await clearLeftovers(engine, stack);
  const scratch = new Scratch(engine, stack);
  const name = snapshot.manifest.name;
  try {
    const staged = new Map<string, string>();
    for (const entry of entries) {
      if (options.signal.aborted) throw new InterruptedError([]);
      report({ type: 'progress', service: entry.service, detail: `restoring ${entry.name} from ${name} (${entry.method}) into a new volume` });
      try {
        staged.set(entry.name, await stage(engine, stack, scratch, entry, snapshot));
      } catch (error) {
        throw new SnapshotFailedError(
          `Restoring volume ${entry.name} (service ${entry.service}) from snapshot ${name} failed: ${error instanceof Error ? error.message : String(error)}`,
          'Nothing was changed: the volumes still hold their data and the services were not stopped.',
        );
      }
    }
    // The last moment a Ctrl-C leaves everything as it was: past here the services stop and data moves.
    if (options.signal.aborted) throw new InterruptedError([]);
    await options.beforeReplacing?.();
    if (options.signal.aborted) throw new InterruptedError([]);
    const affected = withDependents(
      stack,
      entries.flatMap((e) => [e.service, ...servicesMounting(stack, e.name)]),
    );
    await stop(engine, stack, affected, asStep(report));
    const done: string[] = [];
    for (const entry of entries) {
      const service = stack.services[entry.service]!;
      try {
        await swapIntoPlace(engine, scratch, imageFor(stack, service), staged.get(entry.name)!, entry.name);
      } catch (error) {
        throw new SnapshotFailedError(
          `Replacing the contents of volume ${entry.name} failed: ${error instanceof Error ? error.message : String(error)}`,
          `Its previous data was put back${done.length ? `; ${done.join(', ')} were already restored` : ''}. Run \`devstack up\` to start the services again.`,
        );
      }
      done.push(entry.name);
    }
    await scratch.dispose();
    await up(
      engine,
      stack,
      { services: affected, forceRecreate: false, build: false, removeOrphans: false, timeoutMs: options.timeoutMs, wait: true, signal: options.signal },
      report,
    );
    return { volumes: done, services: affected };
  } finally {
    await scratch.dispose();
  }
}
