import type { Rule } from '../finding.js';
import { services, type StackTarget } from './target.js';

function optedIn(extensions: Record<string, unknown>): boolean {
  return (extensions['x-devstack'] as { docker_socket?: unknown } | undefined)?.docker_socket === true;
}

export const noDockerSocket: Rule<StackTarget> = {
  id: 'stack/docker-socket',
  // A warning, not an error: the loader already refuses the usual socket paths unless the service opts in
  // with `x-devstack: { docker_socket: true }`, so what reaches this rule was asked for; it still deserves a reminder.
  severity: 'warning',
  summary: 'No service mounts the Docker socket: whoever holds it is root on the host.',
  check(target) {
    return services(target).flatMap((s) =>
      s.volumes.flatMap((mount, i) =>
        mount.type === 'bind' && /(^|\/)(docker|podman)\.sock$/.test(mount.source)
          ? [
              {
                at: target.locate(['services', s.name, 'volumes', i]),
                message: `service ${s.name} mounts ${mount.source}, which gives it root on the host${optedIn(s.extensions) ? ' (opted in with x-devstack.docker_socket)' : ''}`,
                hint: 'drop the mount; if a tool must talk to Docker, give it a socket proxy that allows only the calls it makes',
              },
            ]
          : [],
      ),
    );
  },
};
