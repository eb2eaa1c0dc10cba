import { statfs } from 'node:fs/promises';
import type { EngineSystem } from '../../engine/types.js';
import type { DoctorInputs } from '../inputs.js';
import { fail, ok, warn, type Outcome } from '../outcome.js';
import { formatBytes } from '../../model/bytes.js';

const FAIL_BELOW = 2 * 1024 ** 3;
const WARN_BELOW = 10 * 1024 ** 3;

/** Images and volumes fill the engine's data folder; a full disk fails pulls and databases in confusing ways. */
export async function checkDisk(inputs: DoctorInputs, system: EngineSystem): Promise<Outcome[]> {
  if (!inputs.endpoint.url.startsWith('unix:')) return [ok('disk', `the engine's data (${system.rootDir}) is on another machine; not measured`)];
  const fs = await statfs(system.rootDir).catch(() => undefined);
  if (!fs)
    return [
      warn(
        'disk',
        `cannot measure ${system.rootDir} from here (the engine may run in a VM)`,
        'check free space with `docker system df` and in your Docker VM settings',
      ),
    ];
  const free = fs.bavail * fs.bsize;
  const message = `${formatBytes(free)} free where the engine keeps its data (${system.rootDir})`;
  if (free < FAIL_BELOW) return [fail('disk', message, 'free space: `docker system prune` removes stopped containers, unused networks and dangling images')];
  if (free < WARN_BELOW) return [warn('disk', message, 'consider `docker system prune` before pulling large images')];
  return [ok('disk', message)];
}
