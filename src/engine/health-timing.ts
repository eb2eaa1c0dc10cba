import type { ContainerCreateSpec } from './types.js';

const NS_PER_MS = 1_000_000;
/** The engine's own default interval between checks. */
const ENGINE_DEFAULT_INTERVAL_MS = 30_000;
/** How often the engine checks while a service starts, when the file does not say. */
export const DEFAULT_START_INTERVAL_MS = 1_000;

/** True when the engine's API is at least `wanted` (both "major.minor"). */
export function apiAtLeast(apiVersion: string, wanted: string): boolean {
  const [major = 0, minor = 0] = apiVersion.split('.').map(Number);
  const [wantMajor = 0, wantMinor = 0] = wanted.split('.').map(Number);
  return major > wantMajor || (major === wantMajor && minor >= wantMinor);
}

/**
 * The healthcheck as the engine takes it. API 1.44 (Engine 25) added StartInterval: during the start
 * period the engine checks that often, so its own health status (what `docker ps` and `status` show)
 * turns healthy as soon as devstack's probe sees the service ready, not one full interval later.
 * Without a start_period in the file the start period becomes the first interval, the time in which
 * the engine would otherwise not check at all. Older engines get exactly what the file says.
 */
export function engineHealthcheck(health: NonNullable<ContainerCreateSpec['healthcheck']>, apiVersion: string): Record<string, unknown> {
  const startInterval = apiAtLeast(apiVersion, '1.44') && health.test[0] !== 'NONE';
  const startPeriodMs = startInterval ? (health.startPeriodMs ?? health.intervalMs ?? ENGINE_DEFAULT_INTERVAL_MS) : health.startPeriodMs;
  return {
    Test: health.test,
    ...(health.intervalMs ? { Interval: health.intervalMs * NS_PER_MS } : {}),
    ...(health.timeoutMs ? { Timeout: health.timeoutMs * NS_PER_MS } : {}),
    ...(health.retries ? { Retries: health.retries } : {}),
    ...(startPeriodMs ? { StartPeriod: startPeriodMs * NS_PER_MS } : {}),
    ...(startInterval ? { StartInterval: (health.startIntervalMs ?? DEFAULT_START_INTERVAL_MS) * NS_PER_MS } : {}),
  };
}

const shellWord = (arg: string): string => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

/**
 * Podman 4.3's compat API splits every argument of a CMD test at its spaces (`['CMD', 'node', '-e',
 * 'a b']` ran `node -e a b`, a syntax error, so the service never turned healthy). Such a test goes as
 * CMD-SHELL instead, each argument quoted for sh, which runs the same command; others go as they are.
 */
export function unsplitTest(test: string[]): string[] {
  if (test[0] !== 'CMD' || !test.slice(1).some((arg) => /\s/.test(arg))) return test;
  return ['CMD-SHELL', test.slice(1).map(shellWord).join(' ')];
}
