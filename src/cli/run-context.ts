import { AsyncLocalStorage } from 'node:async_hooks';
import { printingTo } from '../ui/output.js';
import { SecretRegistry } from '../ui/secret-registry.js';

/** Where a run's output goes: the terminal for a command; the page for an action the dashboard runs. */
export interface RunOutput {
  /** A flow's result text (the URL table, how to attach a debugger, --json results): stdout by default. */
  print(text: string): void;
  /** When set, progress goes here as plain lines instead of to the terminal's renderer, and so does a wait for the project lock. */
  progress?: (line: string) => void;
}

/** What one command run holds for everything it prints: the secrets of the stacks it loaded, and where its progress goes. */
export interface RunContext {
  readonly secrets: SecretRegistry;
  /** The project of the stack this run loaded, once it did: named in a --json failure result. */
  project?: string;
  /** Set for a dashboard action: its progress, and a wait for the project lock, as plain lines to the page. */
  readonly progress?: (line: string) => void;
}

const runs = new AsyncLocalStorage<RunContext>();

/**
 * Each command runs in its own context (StackCommand._run), so two runs in one process (tests, a
 * command that loads a second stack) never share or leak each other's secrets.
 */
export function inRunContext<T>(work: () => Promise<T>): Promise<T> {
  return runs.run({ secrets: new SecretRegistry() }, work);
}

/** Runs work with the current secrets but printing elsewhere (a dashboard action, whose process's stdout is the link alone). */
export function withOutput<T>(output: RunOutput, work: () => Promise<T>): Promise<T> {
  return runs.run({ ...currentRun(), ...(output.progress ? { progress: output.progress } : {}) }, () => printingTo(output.print, work));
}

/** The current run's context; outside a command (a unit test calling a flow) each call gets an empty one. */
export function currentRun(): RunContext {
  return runs.getStore() ?? { secrets: new SecretRegistry() };
}
