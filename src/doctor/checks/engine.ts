import type { EngineInfo, EngineSystem } from '../../engine/types.js';
import type { DoctorInputs } from '../inputs.js';
import { fail, ok, type Outcome } from '../outcome.js';

/**
 * Podman and rootless Docker are said by name: their limits differ (no ports below 1024 by default,
 * user-owned data folder, a socket under the user's runtime dir). The engine says so itself; the socket
 * path is the hint when it does not.
 */
export function flavours(url: string, system?: EngineSystem): string[] {
  const found: string[] = [];
  if (/podman/i.test(system?.product ?? '') || /podman/.test(url)) found.push('Podman');
  if (system?.rootless || /\/run\/user\/\d+\//.test(url)) found.push('rootless');
  return found;
}

/** Which engine answered, where, and how we found it (DOCKER_HOST, a context, the default socket). */
export function checkEngine(inputs: DoctorInputs, info?: EngineInfo, system?: EngineSystem): Outcome[] {
  const where = `${inputs.endpoint.url} (from ${inputs.endpoint.source})`;
  if (!inputs.engine || !info) {
    const error = inputs.engineError;
    return [fail('engine', error?.message ?? `no engine at ${where}`, error?.hint ?? 'start Docker, or point DOCKER_HOST at a running engine')];
  }
  const found = flavours(inputs.endpoint.url, system);
  const details = [`API ${info.apiVersion}`, info.os, ...found.filter((f) => f !== 'Podman')].join(', ');
  return [ok('engine', `${found.includes('Podman') ? 'Podman' : 'Docker'} ${info.serverVersion} (${details}) at ${where}`)];
}
