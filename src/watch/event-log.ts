import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { WatchEvent } from './watch-events.js';

/** A watch event as `watch --json` prints it and the project's event log keeps it: when, then what. */
export type LoggedWatchEvent = WatchEvent & { time: string };

/** Past this size the log is moved aside to `.1` (replacing the one before), so a watch left running all day costs bounded disk. */
export const ROTATE_BYTES = 512 * 1024;

/** Where every watch of a project appends its events, for a dashboard in another terminal to follow. */
export function watchEventLogPath(projectDir: string): string {
  return join(projectDir, '.devstack', 'watch-events.jsonl');
}

/**
 * Appends watch events, one JSON line each, to the project's event log (`devstack ui` follows it).
 * Each line is one append, so two watches of one project can write side by side.
 */
export class WatchEventLog {
  private size: number | undefined;

  constructor(
    private readonly path: string,
    private readonly rotateBytes = ROTATE_BYTES,
  ) {}

  /** Throws what the file system said (a read-only project, a full disk): the caller decides what a watch does then. */
  append(event: LoggedWatchEvent): void {
    const line = `${JSON.stringify(event)}\n`;
    const bytes = Buffer.byteLength(line);
    if (this.size === undefined) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.size = statSync(this.path, { throwIfNoEntry: false })?.size ?? 0;
    }
    if (this.size > 0 && this.size + bytes > this.rotateBytes) {
      renameSync(this.path, `${this.path}.1`);
      this.size = 0;
    }
    appendFileSync(this.path, line);
    this.size += bytes;
  }
}
