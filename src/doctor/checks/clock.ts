import type { EngineSystem } from '../../engine/types.js';
import { formatElapsed } from '../../model/elapsed.js';
import { fail, ok, warn, type Outcome } from '../outcome.js';

/** A VM clock that drifted (after a laptop sleeps) breaks TLS, token expiry and build caches. */
export function checkClock(system: EngineSystem, askedAt: number, answeredAt: number): Outcome[] {
  const engineTime = Date.parse(system.systemTime);
  if (Number.isNaN(engineTime)) return [];
  // The engine read its clock somewhere during the round trip; the midpoint bounds the error by half of it.
  const skewMs = Math.abs(engineTime - (askedAt + answeredAt) / 2);
  const message = `host and engine clocks differ by ${formatElapsed(skewMs)}`;
  const fix = 'sync the clocks: restart the Docker VM (Docker Desktop, colima), or enable NTP on the engine host';
  if (skewMs > 60_000) return [fail('clock', message, fix)];
  if (skewMs > 2_000 + (answeredAt - askedAt) / 2) return [warn('clock', message, fix)];
  return [ok('clock', message)];
}
