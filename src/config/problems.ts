import { ConfigError, type ConfigProblem } from '../errors.js';
import type { Origin } from './tree.js';

/** Collects every problem of a load so the user sees them all at once, in file order. */
export class Problems {
  private readonly list: ConfigProblem[] = [];
  /** Positions whose value already failed upstream (interpolation): later stages stay quiet there. */
  private readonly settled = new Set<string>();

  add(at: Pick<Origin, 'file' | 'line' | 'column'>, path: string, message: string, hint?: string): void {
    if (this.settled.has(key(at))) return;
    // A file read twice (the base of two `extends:`) must not report its problems twice.
    if (this.list.some((p) => p.file === at.file && p.line === at.line && p.column === at.column && p.message === message)) return;
    this.list.push({ file: at.file, line: at.line, column: at.column, path, message, ...(hint ? { hint } : {}) });
  }

  /** Silences later problems at a position whose value is already known to be wrong. */
  settle(at: Pick<Origin, 'file' | 'line' | 'column'>): void {
    this.settled.add(key(at));
  }

  throwIfAny(): void {
    if (this.list.length === 0) return;
    const sorted = [...this.list].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column);
    throw new ConfigError(sorted);
  }
}

function key(at: Pick<Origin, 'file' | 'line' | 'column'>): string {
  return `${at.file}:${at.line}:${at.column}`;
}

/** A problem about a file as a whole, such as one that does not exist. */
export function fileLevel(file: string): Origin {
  return { file, line: 0, column: 0, dir: '' };
}
