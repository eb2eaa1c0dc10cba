import type { Reporter } from '../run/events.js';
import { outputMode } from '../ui/output-mode.js';
import { jsonReporter, plainReporter } from '../ui/plain-renderer.js';
import { taskTreeReporter } from '../ui/task-tree.js';

export interface ActiveReporter {
  reporter: Reporter;
  json: boolean;
  finish(): Promise<void>;
}

export function reporterFor(json: boolean): ActiveReporter {
  const mode = outputMode(json);
  if (mode === 'tty') return { ...taskTreeReporter(), json: false };
  return { reporter: mode === 'json' ? jsonReporter() : plainReporter(), json: mode === 'json', finish: async () => undefined };
}
