import type { Rule } from '../finding.js';
import { services, type StackTarget } from './target.js';

export const noDockerSocket: Rule<StackTarget> = {
  id: 'stack/docker-socket',
  severity: 'error',
  summary: 'No service mounts the Docker socket: whoever holds it is root on the host.',
  check(target) {
    return services(target).flatMap((s) =>
      s.volumes.flatMap((mount, i) =>
        mount.type === 'bind' && /(^|\/)docker\.sock$/.test(mount.source)
          ? [{ at: target.locate(['services', s.name, 'volumes', i]), message: `service ${s.name} mounts ${mount.source}, which gives it root on the host`, hint: 'drop the mount; if a tool must talk to Docker, give it a socket proxy that allows only the calls it makes' }]
          : [],
      ),
    );
  },
};
