import type { ServiceLogLine } from './log-line.js';

/** Foreground colours that read on dark and light terminals alike; red is left for errors. */
const PALETTE = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94] as const;

/** FNV-1a: the same name gets the same colour in every run and on every machine. */
export function colourFor(service: string): number {
  let hash = 0x811c9dc5;
  for (const char of service) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return PALETTE[hash % PALETTE.length]!;
}

export interface FormatOptions {
  /** Every service that may print, so prefixes line up from the first line on. */
  services: string[];
  color: boolean;
  timestamps: boolean;
  json: boolean;
}

/** One output line per log line: `service | message`, padded and coloured, or a JSON object. */
export function lineFormatter(options: FormatOptions): (line: ServiceLogLine) => string {
  let width = Math.max(0, ...options.services.map((s) => s.length));
  return (line) => {
    if (options.json) return JSON.stringify({ service: line.service, stream: line.stream, time: line.time, message: line.message });
    // A service that turns up later (a new one started while following) widens the column from then on.
    width = Math.max(width, line.service.length);
    const label = `${line.service.padEnd(width)} |`;
    const prefix = options.color ? `\u001b[${colourFor(line.service)}m${label}\u001b[39m` : label;
    return `${prefix} ${options.timestamps ? `${line.time} ` : ''}${line.message}`;
  };
}
