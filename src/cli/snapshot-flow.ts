import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import type { Engine } from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';
import type { Reporter } from '../run/events.js';
import { latestAutomatic, toPrune } from '../snapshot/prune.js';
import { restoreSnapshot, type RestoreResult } from '../snapshot/restore.js';
import { saveSnapshot, type SaveResult } from '../snapshot/save.js';
import { DEFAULT_KEEP_AUTOMATIC, findSnapshot, listSnapshots, removeSnapshot, snapshotsDir, type StoredSnapshot } from '../snapshot/store.js';
import { size } from './agree-volumes.js';
import { changing } from './changing.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './context.js';
import { packageRoot } from './paths.js';
import { reporterFor } from './reporter-for.js';
import { resolveServices } from './services.js';

export interface SnapshotFlags extends StackFlags {
  'lock-wait': boolean;
  timeout: number;
}

function devstackVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

async function withReporter<T>(work: (report: Reporter) => Promise<T>): Promise<T> {
  const output = reporterFor(false);
  try {
    return await work(output.reporter);
  } finally {
    await output.finish();
  }
}

/** Deletes the oldest snapshots of one kind beyond `keep`; returns their names. */
async function prune(stack: StackSpec, keep: number, automatic: boolean): Promise<string[]> {
  const all = await listSnapshots(stack);
  const doomed = toPrune(all.map((s) => s.manifest), keep, automatic);
  for (const name of doomed) await removeSnapshot(all.find((s) => s.manifest.name === name)!);
  return doomed;
}

function describeSave(result: SaveResult): string {
  const m = result.manifest;
  return `Snapshot ${m.name}: ${m.volumes.map((v) => `${v.name} (${v.method})`).join(', ')}; ${size(m.bytes)} in ${result.dir}.`;
}

/**
 * The snapshot `reset --volumes` takes before it deletes anything, inside reset's own lock; pruned to
 * x-devstack.snapshots.keep_automatic (default 5) automatic snapshots.
 */
export async function automaticSnapshot(engine: Engine, stack: StackSpec, services: string[], signal: AbortSignal, timeoutMs: number, report: Reporter, say: (line: string) => void): Promise<string> {
  const result = await saveSnapshot(engine, stack, { services, automatic: true, reason: 'reset --volumes', stopServices: false, timeoutMs, signal, devstackVersion: devstackVersion() }, report);
  say(`${describeSave(result)} \`devstack undo\` restores it.`);
  await prune(stack, stack.snapshots?.keepAutomatic ?? DEFAULT_KEEP_AUTOMATIC, true);
  return result.manifest.name;
}

export interface SaveFlags extends SnapshotFlags {
  name?: string;
  services: string[];
  stop: boolean;
  keep?: number;
}

export interface SaveOutcome {
  snapshot: StoredSnapshot['manifest'];
  dir: string;
  pruned: string[];
}

export async function runSnapshotSave(flags: SaveFlags, say: (line: string) => void): Promise<SaveOutcome> {
  const stack = await loadStackFromFlags(flags);
  const services = resolveServices(stack, flags.services);
  const engine = await openEngine();
  return changing(stack, flags['lock-wait'], (signal) =>
    withReporter(async (report) => {
      const result = await saveSnapshot(
        engine,
        stack,
        { ...(flags.name ? { name: flags.name } : {}), services, automatic: false, stopServices: flags.stop, timeoutMs: flags.timeout * 1000, signal, devstackVersion: devstackVersion() },
        report,
      );
      for (const kept of result.skipped) say(`Left out volume ${kept.name}: ${kept.reason}.`);
      say(describeSave(result));
      const pruned = flags.keep !== undefined ? await prune(stack, flags.keep, false) : [];
      if (pruned.length) say(`Removed ${pruned.length === 1 ? 'snapshot' : 'snapshots'} ${pruned.join(', ')} (--keep ${flags.keep}).`);
      return { snapshot: result.manifest, dir: result.dir, pruned };
    }),
  );
}

export interface ListedSnapshot {
  name: string;
  createdAt: string;
  automatic: boolean;
  reason?: string;
  bytes: number;
  services: string[];
  volumes: string[];
  dir: string;
}

export async function runSnapshotList(flags: StackFlags, say: (line: string) => void, print: (text: string) => void, json: boolean): Promise<{ dir: string; snapshots: ListedSnapshot[] }> {
  const stack = await loadStackFromFlags(flags);
  const snapshots = (await listSnapshots(stack)).map(({ manifest: m, dir }) => ({
    name: m.name,
    createdAt: m.createdAt,
    automatic: m.automatic,
    ...(m.reason ? { reason: m.reason } : {}),
    bytes: m.bytes,
    services: m.services.map((s) => s.name),
    volumes: m.volumes.map((v) => v.name),
    dir,
  }));
  if (!json) {
    if (!snapshots.length) say(`No snapshots of ${stack.name} in ${snapshotsDir(stack)}; take one with \`devstack snapshot save\`.`);
    else {
      const { renderTable } = await import('../ui/table.js');
      print(
        renderTable(
          ['NAME', 'TIME', 'SIZE', 'SERVICES', 'KIND'],
          snapshots.map((s) => [s.name, s.createdAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'), size(s.bytes), s.services.join(', '), s.automatic ? `automatic (${s.reason ?? ''})` : 'saved']),
        ),
      );
    }
  }
  return { dir: snapshotsDir(stack), snapshots };
}

export interface RestoreFlags extends SnapshotFlags {
  name: string;
  services: string[];
  force: boolean;
}

async function restoreNamed(flags: SnapshotFlags & { services: string[]; force: boolean }, pick: (stack: StackSpec) => Promise<StoredSnapshot>, say: (line: string) => void): Promise<RestoreResult & { snapshot: string }> {
  const started = Date.now();
  const stack = await loadStackFromFlags(flags);
  const services = resolveServices(stack, flags.services);
  const engine = await openEngine();
  return changing(stack, flags['lock-wait'], async (signal) => {
    const snapshot = await pick(stack);
    const result = await withReporter((report) => restoreSnapshot(engine, stack, snapshot, { services, force: flags.force, timeoutMs: flags.timeout * 1000, signal }, report));
    say(`${stack.name}: restored ${result.volumes.join(', ')} from snapshot ${snapshot.manifest.name} (${snapshot.manifest.createdAt}); ${result.services.join(', ')} ready in ${((Date.now() - started) / 1000).toFixed(1)}s.`);
    return { ...result, snapshot: snapshot.manifest.name };
  });
}

export function runSnapshotRestore(flags: RestoreFlags, say: (line: string) => void): Promise<RestoreResult & { snapshot: string }> {
  return restoreNamed(flags, (stack) => findSnapshot(stack, flags.name), say);
}

export function runUndo(flags: SnapshotFlags & { force: boolean }, say: (line: string) => void): Promise<RestoreResult & { snapshot: string }> {
  return restoreNamed(
    { ...flags, services: [] },
    async (stack) => {
      const latest = latestAutomatic((await listSnapshots(stack)).map((s) => ({ ...s.manifest, stored: s })));
      if (!latest) throw new UsageError(`Nothing to undo: ${stack.name} has no automatic snapshot in ${snapshotsDir(stack)}`, '`devstack reset --volumes` takes one before it deletes anything; `devstack snapshot list` shows the others.');
      say(`Undoing ${latest.reason ?? 'the last reset'} of ${latest.createdAt}: restoring snapshot ${latest.name}.`);
      return latest.stored;
    },
    say,
  );
}

export interface RmFlags extends StackFlags {
  'lock-wait': boolean;
  names: string[];
  keep?: number;
}

export async function runSnapshotRm(flags: RmFlags, say: (line: string) => void): Promise<{ removed: string[] }> {
  if (!flags.names.length && flags.keep === undefined) throw new UsageError('Name the snapshots to remove, or give --keep N', 'e.g. `devstack snapshot rm before-migration`, or `devstack snapshot rm --keep 3`.');
  const stack = await loadStackFromFlags(flags);
  return changing(stack, flags['lock-wait'], async () => {
    const named = await Promise.all(flags.names.map((name) => findSnapshot(stack, name)));
    for (const snapshot of named) await removeSnapshot(snapshot);
    const removed = named.map((s) => s.manifest.name);
    if (flags.keep !== undefined) removed.push(...(await prune(stack, flags.keep, false)));
    say(removed.length ? `Removed ${removed.join(', ')}.` : 'Nothing to remove.');
    return { removed };
  });
}
