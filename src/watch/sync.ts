import { lstat } from 'node:fs/promises';
import type { Engine } from '../engine/types.js';
import { packBatch, type Copy } from './archive.js';
import { containerOwner, type Owner } from './owner.js';
import type { Remover } from './remover.js';
import { targetOf, type SyncStep } from './watch-rules.js';

export interface SyncTarget {
  id: string;
  user?: string;
}

export interface SyncResult {
  written: number;
  deleted: number;
}

/**
 * Copies a batch into a container: deletions first (a folder may have become a file), then every
 * written path in one tar through the engine's archive API. No program in the container takes part.
 */
export class Syncer {
  private readonly owners = new Map<string, Promise<Owner>>();

  constructor(
    private readonly engine: Engine,
    private readonly remover: Remover,
  ) {}

  async sync(target: SyncTarget, steps: SyncStep[]): Promise<SyncResult> {
    const copies: Copy[] = [];
    const deletes: string[] = [];
    for (const step of steps) {
      for (const path of step.paths) {
        const to = targetOf(step.rule, path);
        if (
          await lstat(path).then(
            () => true,
            () => false,
          )
        )
          copies.push({ from: path, to });
        else deletes.push(to);
      }
    }
    // Counted as removed in the container: whether a deleted folder's files were seen one by one too
    // depends on how the kernel's events fell, the outcome does not.
    const removals = outermost(deletes);
    if (removals.length) await this.remover.remove(target.id, removals);
    if (copies.length) {
      copies.sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
      const packed = packBatch(copies, await this.owner(target));
      await Promise.all([this.engine.putArchive(target.id, '/', packed.tar), packed.done]);
    }
    return { written: copies.length, deleted: removals.length };
  }

  private owner(target: SyncTarget): Promise<Owner> {
    let owner = this.owners.get(target.id);
    if (!owner) {
      owner = containerOwner(this.engine, target.id, target.user);
      this.owners.set(target.id, owner);
    }
    return owner;
  }
}

/** A deleted folder takes its contents with it: `rm -rf` gets the folder alone, not its thousand files too. */
export function outermost(paths: string[]): string[] {
  const sorted = [...new Set(paths)].sort();
  const kept: string[] = [];
  for (const path of sorted) if (!kept.some((parent) => path.startsWith(`${parent}/`))) kept.push(path);
  return kept;
}
