export type OutputMode = 'tty' | 'plain' | 'json';

/** A task tree only where a person watches a terminal; CI and pipes get plain lines; scripts ask for JSON. */
export function outputMode(json: boolean, env: Record<string, string | undefined> = process.env, isTty = Boolean(process.stdout.isTTY)): OutputMode {
  if (json) return 'json';
  if (!isTty || env.CI || env.TERM === 'dumb') return 'plain';
  return 'tty';
}

export function colorEnabled(env: Record<string, string | undefined> = process.env, isTty = Boolean(process.stdout.isTTY)): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return isTty;
}
