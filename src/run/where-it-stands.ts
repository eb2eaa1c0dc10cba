/**
 * Where an interrupted run left a service, from the last phase it reported, in the words the summary
 * prints: one vocabulary for up and restart, so a script reading the --json result reads both alike.
 * `unreached` is what a service that got no further than the run's start is: not started by up, and
 * stopped by restart (which stops every service before starting any).
 */
export function whereItStands(phase: string | undefined, unreached = 'not started'): string {
  if (phase === 'ready' || phase === 'unchanged') return 'ready';
  if (phase === 'waiting') return 'running, not yet ready';
  if (!phase || phase === 'pending' || phase === 'skipped' || phase === 'failed') return unreached;
  if (phase === 'creating') return 'created, not started: the next up starts it';
  return `left ${phase}: the next up finishes it`;
}
