import { say } from '../ui/output.js';

/**
 * First Ctrl-C: stop starting new work and let in-flight engine calls finish, so nothing is left half-made.
 * Second Ctrl-C: leave at once. Nothing is ever deleted on a signal.
 */
export async function withInterrupt<T>(
  work: (signal: AbortSignal) => Promise<T>,
  notice = 'Interrupted: finishing the engine calls under way (Ctrl-C again to quit now)...',
): Promise<T> {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    say(`\n${notice}`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
