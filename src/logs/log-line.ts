import type { LogEntry } from '../engine/types.js';

export interface ServiceLogLine extends LogEntry {
  service: string;
}
