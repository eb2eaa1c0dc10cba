import type { MountSpec, StackSpec } from '../model/stack.js';

type BindMount = Extract<MountSpec, { type: 'bind' }>;

/** Where a remote engine runs, as the user named it (tcp://HOST:PORT, ssh://USER@HOST): undefined for a local socket. */
export function remoteHost(engineUrl: string): string | undefined {
  if (!engineUrl.startsWith('tcp:') && !engineUrl.startsWith('ssh:')) return undefined;
  return new URL(engineUrl).hostname || undefined;
}

/** Sockets and kernel folders name the engine machine's own on purpose (docker_socket, node exporters). */
const ENGINE_SIDE = /^\/(var\/run|run|proc|sys|dev)(\/|$)/;

/**
 * A bind mount names a folder on the engine's machine. On a remote engine that is not this machine's
 * folder, so the container sees whatever is there (usually an empty folder the engine makes), never
 * the files being edited here. One line per service, saying what to do instead.
 */
export function remoteBindMountNotes(stack: StackSpec, services: string[], host: string): string[] {
  return services.flatMap((service) => {
    const spec = stack.services[service];
    const binds = (spec?.volumes ?? []).filter((m): m is BindMount => m.type === 'bind' && !ENGINE_SIDE.test(m.source));
    if (!binds.length) return [];
    const listed = binds.map((m) => `${m.source} -> ${m.target}`).join(', ');
    const synced = (spec?.watch ?? []).some((rule) => rule.action !== 'rebuild');
    return [
      `${service}: the engine runs on ${host}, so its bind mounts (${listed}) name folders there and will not see this machine's files. ` +
        (synced
          ? 'Its watch sync rules do work (they copy through the engine API): run `devstack watch`, or put the files on that machine.'
          : 'Use a named volume with `develop.watch` sync rules (`devstack watch` copies files through the engine API), or put the files on that machine.'),
    ];
  });
}

/** Said under the URL table: the ports are the engine machine's, and 127.0.0.1 there is not 127.0.0.1 here. */
export function remotePortsNote(host: string): string {
  return (
    `These ports are published on ${host}, where the engine runs; a port bound to 127.0.0.1 there is reached from here through a tunnel ` +
    `(\`ssh -N -L PORT:127.0.0.1:PORT ${host}\`), or publish it on an address of ${host} that your network trusts.`
  );
}
