/**
 * For commands that run until the user stops them (`logs -f`): Ctrl-C is the normal way out, so it
 * ends the work and the command exits 0. A second Ctrl-C leaves at once.
 */
export async function untilStopped<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(0);
    controller.abort();
  };
  // A reader that went away (`devstack logs -f | head`) is a stop too, not a crash.
  const onOutputError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.stdout.on('error', onOutputError);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.stdout.off('error', onOutputError);
  }
}
