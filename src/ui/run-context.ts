import { AsyncLocalStorage } from 'node:async_hooks';
import { SecretRegistry } from './secret-registry.js';

/** What one command run holds: the secrets of the stacks it loaded (everything it prints is masked with them), and its settings. */
export interface RunContext {
  readonly secrets: SecretRegistry;
  /** The project of the stack this run loaded, once it did: named in a --json failure result. */
  project?: string;
  /** --insecure-engine: a tcp:// engine without TLS is allowed for this run (set by the base command, so no flow carries it). */
  insecureEngine?: boolean;
}

const runs = new AsyncLocalStorage<RunContext>();

/**
 * Each command runs in its own context (StackCommand._run), so two runs in one process (tests, a
 * command that loads a second stack) never share or leak each other's secrets.
 */
export function inRunContext<T>(work: () => Promise<T>): Promise<T> {
  return runs.run({ secrets: new SecretRegistry() }, work);
}

/** The current run's context; outside a command (a unit test calling a flow) each call gets an empty one. */
export function currentRun(): RunContext {
  return runs.getStore() ?? { secrets: new SecretRegistry() };
}
