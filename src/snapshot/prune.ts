import type { Manifest } from './manifest.js';

/**
 * The snapshots to delete so that only the newest `keep` of the same kind remain. Manual and automatic
 * snapshots are counted apart: pruning the automatic ones `reset` takes never eats a snapshot a user named.
 */
export function toPrune(snapshots: Array<Pick<Manifest, 'name' | 'createdAt' | 'automatic'>>, keep: number, automatic: boolean): string[] {
  return snapshots
    .filter((s) => s.automatic === automatic)
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.name < b.name ? 1 : -1))
    .slice(Math.max(0, keep))
    .map((s) => s.name);
}

/** The newest automatic snapshot: what `devstack undo` restores. */
export function latestAutomatic<T extends Pick<Manifest, 'createdAt' | 'automatic' | 'name'>>(snapshots: T[]): T | undefined {
  return snapshots.filter((s) => s.automatic).sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.name < b.name ? 1 : -1))[0];
}
