import type { EngineSystem } from '../../engine/types.js';
import type { StackSpec } from '../../model/stack.js';
import { fail, ok, warn, type Outcome } from '../outcome.js';
import { formatBytes } from '../../model/bytes.js';

/** The stack's declared memory limits against what the engine's machine has. */
export function checkMemory(stack: StackSpec, system: EngineSystem): Outcome[] {
  const services = Object.values(stack.services);
  const declared = services.reduce((sum, s) => sum + (s.memLimitBytes ?? 0), 0);
  const unlimited = services.filter((s) => s.memLimitBytes === undefined).map((s) => s.name);
  const message = `limits add up to ${formatBytes(declared)} of the engine's ${formatBytes(system.memTotalBytes)}${unlimited.length ? `; no limit on ${unlimited.join(', ')}` : ''}`;
  if (declared > system.memTotalBytes)
    return [fail('memory', message, "lower mem_limit on the largest services, or give the engine's machine or VM more memory")];
  if (declared > 0.8 * system.memTotalBytes) return [warn('memory', message, 'little is left for the host; lower some mem_limit values')];
  return [ok('memory', message)];
}
