import type { EngineInfo, EngineSystem } from '../../engine/types.js';
import type { DoctorInputs } from '../inputs.js';
import { fail, ok, warn, type Outcome } from '../outcome.js';

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
  const remote = inputs.endpoint.remote ? [ok('engine', `the engine runs on another machine: bind mounts name its folders and published ports are on it`)] : [];
  return [
    ok('engine', `${found.includes('Podman') ? 'Podman' : 'Docker'} ${info.serverVersion} (${details}) at ${where}`),
    ...remote,
    ...(found.includes('Podman') ? podmanLimits() : []),
  ];
}

/**
 * What Podman's Docker-compatible API does differently, said once so nobody takes it for a devstack
 * defect: its healthchecks run from systemd timers, so without systemd (containers, CI) the engine's
 * health stays "starting" and only devstack's probe knows a service is ready.
 */
function podmanLimits(): Outcome[] {
  return [
    warn(
      'engine',
      'Podman runs healthchecks from systemd timers: without them the engine\'s health stays "starting" (in `docker ps` and `devstack status`), and up waits on devstack\'s own probe; ' +
        'doctor cannot ask a registry whether a missing image exists (Podman has no /distribution endpoint); ' +
        'builds run on buildah, not BuildKit (build secrets and ssh are refused, and Ctrl-C cannot stop a running step); ' +
        'log times are to the second, so lines of two services within one second are not in their true order.',
      'Nothing to do for up, down, logs, exec, watch, debug or snapshots; run `podman healthcheck run CONTAINER` to update a status by hand, and use a Docker Engine for builds with secrets or ssh.',
    ),
  ];
}
