import type { Reporter } from '../run/events.js';
import { outputMode } from '../ui/output-mode.js';
import { jsonReporter, plainReporter } from '../ui/plain-renderer.js';
import { taskTreeReporter } from '../ui/task-tree.js';
import { currentRun } from '../ui/run-context.js';
import { outputRedirected } from '../ui/output.js';

export interface ActiveReporter {
  reporter: Reporter;
  json: boolean;
  /** A task tree draws in the terminal (it shows only services a plan named). */
  tree: boolean;
  finish(): Promise<void>;
}

/** Every renderer gets events with the stack's secrets already masked: probe output and build lines can carry them. */
export function reporterFor(json: boolean): ActiveReporter {
  const mode = outputMode(json);
  const { secrets } = currentRun();
  const masked =
    (inner: Reporter): Reporter =>
    (event) =>
      inner(secrets.maskData(event));
  if (outputRedirected()) return { reporter: masked(plainReporter()), json: false, tree: false, finish: async () => undefined };
  if (mode === 'tty') {
    const tree = taskTreeReporter();
    return { ...tree, reporter: masked(tree.reporter), json: false, tree: true };
  }
  return { reporter: masked(mode === 'json' ? jsonReporter() : plainReporter()), json: mode === 'json', tree: false, finish: async () => undefined };
}
