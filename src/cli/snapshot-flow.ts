import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfirmationRequiredError, UsageError } from '../errors.js';
import type { Engine } from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';
import type { Reporter } from '../run/events.js';
import { latestAutomatic, toPrune } from '../snapshot/prune.js';
import { restoreSnapshot, type RestoreResult } from '../snapshot/restore.js';
import { saveSnapshot, type SaveResult } from '../snapshot/save.js';
import { DEFAULT_KEEP_AUTOMATIC, findSnapshot, listSnapshots, removeSnapshot, snapshotsDir, type StoredSnapshot } from '../snapshot/store.js';
import { markUndone, undoneAt } from '../snapshot/undone.js';
import { size } from './agree-volumes.js';
import { changing } from './changing.js';
import { commandLine } from './command-line.js';
import { canAsk, confirm } from '../ui/prompt.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './load-stack.js';
import { packageRoot } from './paths.js';
import { reporterFor } from './reporter-for.js';
import { resolveServices } from './services.js';
import { say } from '../ui/output.js';
import { formatElapsed } from '../model/elapsed.js';

export interface SnapshotFlags extends StackFlags {
  'lock-wait': boolean;
  timeout: number;
}

function devstackVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * In a terminal the task tree draws only services it was told about by a plan; what a snapshot does
 * before that (dumping, rebuilding each volume in a new one) would be silent for seconds, so it is said
 * as lines there. Without a terminal the plain renderer prints those steps itself.
 */
function sayingSteps(report: Reporter, tree: boolean): Reporter {
  if (!tree) return report;
  let planned = false;
  return (event) => {
    if (event.type === 'plan') planned = true;
    if (!planned && event.type === 'progress') say(`${event.service}: ${event.detail}`);
    report(event);
  };
}

async function withReporter<T>(work: (report: Reporter) => Promise<T>): Promise<T> {
  const output = reporterFor(false);
  try {
    return await work(sayingSteps(output.reporter, output.tree));
  } finally {
    await output.finish();
  }
}

/** Deletes the oldest snapshots of one kind beyond `keep`; returns their names. */
async function prune(stack: StackSpec, keep: number, automatic: boolean): Promise<string[]> {
  const all = await listSnapshots(stack);
  const doomed = toPrune(
    all.map((s) => s.manifest),
    keep,
    automatic,
  );
  for (const name of doomed) await removeSnapshot(all.find((s) => s.manifest.name === name)!);
  return doomed;
}

function describeSave(result: SaveResult): string {
  const m = result.manifest;
  return `Snapshot ${m.name}: ${m.volumes.map((v) => `${v.name} (${v.method})`).join(', ')}; ${size(m.bytes)} in ${result.dir}.`;
}

/**
 * The snapshot `reset --volumes` and `snapshot restore` take before they replace anything, inside their
 * own lock; pruned to x-devstack.snapshots.keep_automatic (default 5) automatic snapshots.
 */
export async function automaticSnapshot(
  engine: Engine,
  stack: StackSpec,
  services: string[],
  signal: AbortSignal,
  timeoutMs: number,
  report: Reporter,
  { reason, withinRestore }: { reason: string; withinRestore?: boolean } = { reason: 'reset --volumes' },
): Promise<string> {
  const result = await saveSnapshot(
    engine,
    stack,
    {
      services,
      automatic: true,
      reason,
      stopServices: false,
      timeoutMs,
      signal,
      devstackVersion: devstackVersion(),
      ...(withinRestore ? { withinRestore } : {}),
    },
    report,
  );
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

export async function runSnapshotSave(flags: SaveFlags): Promise<SaveOutcome> {
  const stack = await loadStackFromFlags(flags);
  const services = resolveServices(stack, flags.services);
  const engine = await openEngine();
  return changing(stack, flags['lock-wait'], (signal) =>
    withReporter(async (report) => {
      const result = await saveSnapshot(
        engine,
        stack,
        {
          ...(flags.name ? { name: flags.name } : {}),
          services,
          automatic: false,
          stopServices: flags.stop,
          timeoutMs: flags.timeout * 1000,
          signal,
          devstackVersion: devstackVersion(),
        },
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

export async function runSnapshotList(flags: StackFlags, print: (text: string) => void, json: boolean): Promise<{ dir: string; snapshots: ListedSnapshot[] }> {
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
          snapshots.map((s) => [
            s.name,
            s.createdAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
            size(s.bytes),
            s.services.join(', '),
            s.automatic ? `automatic (${s.reason ?? ''})` : 'saved',
          ]),
        ),
      );
    }
  }
  return { dir: snapshotsDir(stack), snapshots };
}

export interface RestoreFlags extends SnapshotFlags {
  /** None: the latest snapshot is offered. */
  name?: string;
  services: string[];
  force: boolean;
  yes: boolean;
}

interface RestorePlan {
  snapshot: StoredSnapshot;
  /** Restore asks before it replaces data and takes a snapshot of it first; undo does neither. */
  asks: boolean;
  /** The command that restores without asking, for the refusal without a terminal. */
  again: string;
}

function when(snapshot: StoredSnapshot): string {
  const m = snapshot.manifest;
  return `${m.createdAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}, ${m.automatic ? `automatic, before ${m.reason ?? 'a change'}` : 'saved'}`;
}

/** What the restore replaces, listed before anything is touched: each volume, its size now and in the snapshot. */
async function sayReplaced(engine: Engine, snapshot: StoredSnapshot, services: string[], safety: boolean): Promise<void> {
  const entries = snapshot.manifest.volumes.filter((v) => !services.length || services.includes(v.service));
  const sizes = await engine.volumeSizes();
  const width = Math.max(...entries.map((e) => e.name.length));
  say(
    [
      `Restoring snapshot ${snapshot.manifest.name} (${when(snapshot)}) replaces the current data of:`,
      ...entries.map((e) => `  ${e.name.padEnd(width)}  ${e.service}: now ${size(sizes[e.name])}, in the snapshot ${size(e.volumeBytes)}`),
      ...(safety ? ['A snapshot of the current data is taken first: `devstack undo` brings it back.'] : []),
    ].join('\n'),
  );
}

async function agreeToRestore(plan: RestorePlan, yes: boolean): Promise<boolean> {
  if (yes) return true;
  if (!canAsk()) {
    throw new ConfirmationRequiredError(
      `snapshot restore would replace the data of the volumes listed above and there is no terminal to confirm it; nothing was changed`,
      `Run \`${plan.again}\` to restore it.`,
    );
  }
  return confirm('Replace the current data with this snapshot?');
}

export interface RestoreOutcome extends RestoreResult {
  snapshot: string;
  /** The automatic snapshot of the replaced data, which `undo` restores. */
  safety?: string;
  cancelled: boolean;
}

async function restoreFlow(
  flags: SnapshotFlags & { services: string[]; force: boolean; yes: boolean },
  pick: (stack: StackSpec) => Promise<RestorePlan>,
): Promise<RestoreOutcome> {
  const started = Date.now();
  const stack = await loadStackFromFlags(flags);
  const services = resolveServices(stack, flags.services);
  const engine = await openEngine();
  const plan = await pick(stack);
  const { snapshot } = plan;
  await sayReplaced(engine, snapshot, services, plan.asks);
  if (plan.asks && !(await agreeToRestore(plan, flags.yes))) {
    say('Nothing was changed.');
    return { snapshot: snapshot.manifest.name, volumes: [], services: [], cancelled: true };
  }
  return changing(stack, flags['lock-wait'], async (signal) =>
    withReporter(async (report) => {
      const replaced = [...new Set(snapshot.manifest.volumes.filter((v) => !services.length || services.includes(v.service)).map((v) => v.service))];
      let safety: string | undefined;
      // Taken once the snapshot's data is staged and checked: a restore that fails or is interrupted before it leaves no snapshot behind.
      const beforeReplacing = async () => {
        safety = await automaticSnapshot(engine, stack, replaced, signal, flags.timeout * 1000, report, {
          reason: `snapshot restore ${snapshot.manifest.name}`,
          withinRestore: true,
        });
      };
      const result = await restoreSnapshot(
        engine,
        stack,
        snapshot,
        { services, force: flags.force, timeoutMs: flags.timeout * 1000, signal, ...(plan.asks ? { beforeReplacing } : {}) },
        report,
      );
      say(
        `${stack.name}: restored ${result.volumes.join(', ')} from snapshot ${snapshot.manifest.name} (${snapshot.manifest.createdAt}); ${result.services.join(', ')} ready in ${formatElapsed(Date.now() - started)}.`,
      );
      return { ...result, snapshot: snapshot.manifest.name, ...(safety ? { safety } : {}), cancelled: false };
    }),
  );
}

export function runSnapshotRestore(flags: RestoreFlags): Promise<RestoreOutcome> {
  return restoreFlow(flags, async (stack) => {
    const chosen = flags.name ? await findSnapshot(stack, flags.name) : (await listSnapshots(stack))[0];
    if (!chosen) throw new UsageError(`No snapshots of ${stack.name} in ${snapshotsDir(stack)}`, 'Take one with `devstack snapshot save NAME`.');
    if (!flags.name) say(`No snapshot named: offering the latest, ${chosen.manifest.name}.`);
    return { snapshot: chosen, asks: true, again: commandLine(flags, 'snapshot', 'restore', chosen.manifest.name, ...flags.services, '--yes') };
  });
}

export async function runUndo(flags: SnapshotFlags & { force: boolean }): Promise<RestoreOutcome> {
  let undone: StoredSnapshot | undefined;
  const outcome = await restoreFlow({ ...flags, services: [], yes: true }, async (stack) => {
    const latest = latestAutomatic((await listSnapshots(stack)).map((s) => ({ ...s.manifest, stored: s })));
    if (!latest)
      throw new UsageError(
        `Nothing to undo: ${stack.name} has no automatic snapshot in ${snapshotsDir(stack)}`,
        '`devstack reset --volumes` and `devstack snapshot restore` take one before they replace anything; `devstack snapshot list` shows the others.',
      );
    // Only the last change can be undone: an older automatic snapshot predates changes made since.
    const at = await undoneAt(latest.stored);
    if (at)
      throw new UsageError(
        `Nothing more to undo: the last change (${latest.reason ?? 'a reset'} of ${latest.createdAt}) was undone at ${at}`,
        '`devstack snapshot list` shows every snapshot; `devstack snapshot restore NAME` restores any of them.',
      );
    say(`Undoing ${latest.reason ?? 'the last reset'} of ${latest.createdAt}: restoring snapshot ${latest.name}.`);
    undone = latest.stored;
    return { snapshot: latest.stored, asks: false, again: '' };
  });
  if (undone) await markUndone(undone, new Date());
  return outcome;
}

export interface RmFlags extends StackFlags {
  'lock-wait': boolean;
  names: string[];
  keep?: number;
}

export async function runSnapshotRm(flags: RmFlags): Promise<{ removed: string[] }> {
  if (!flags.names.length && flags.keep === undefined)
    throw new UsageError('Name the snapshots to remove, or give --keep N', 'e.g. `devstack snapshot rm before-migration`, or `devstack snapshot rm --keep 3`.');
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
