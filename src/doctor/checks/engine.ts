import type { Outcome } from '../outcome.js';
import { fail, ok } from '../outcome.js';
import type { DoctorInputs } from '../inputs.js';

/** Rootless Docker and Podman sockets live under the user's runtime dir; say so, since their limits differ. */
function flavour(url: string): string {
  if (/podman/.test(url)) return ', Podman';
  if (/\/run\/user\/\d+\//.test(url)) return ', rootless';
  return '';
}

export async function checkEngine(inputs: DoctorInputs): Promise<Outcome[]> {
  const where = `${inputs.endpoint.url} (from ${inputs.endpoint.source})`;
  if (!inputs.engine) {
    const error = inputs.engineError;
    return [fail('engine', error?.message ?? `no engine at ${where}`, error?.hint ?? 'start Docker, or point DOCKER_HOST at a running engine')];
  }
  const info = await inputs.engine.info();
  return [ok('engine', `Docker ${info.serverVersion} (API ${info.apiVersion}, ${info.os}${flavour(inputs.endpoint.url)}) at ${where}`)];
}
