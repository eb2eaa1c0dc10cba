import type { Rule } from '../finding.js';
import { services, type StackTarget } from './target.js';

const ANY_ADDRESS = new Set(['0.0.0.0', '::', '[::]', '']);

/** `x-devstack: { public_ports_reason: "…" }` records why a service must be reachable from the network. */
function reason(extensions: Record<string, unknown>): string | undefined {
  const block = extensions['x-devstack'] as { public_ports_reason?: unknown } | undefined;
  return typeof block?.public_ports_reason === 'string' && block.public_ports_reason.trim() ? block.public_ports_reason : undefined;
}

export const noPublicPorts: Rule<StackTarget> = {
  id: 'stack/public-port',
  severity: 'warning',
  summary: 'Ports publish on 127.0.0.1 unless a reason for 0.0.0.0 is written down.',
  check(target) {
    return services(target)
      .filter((s) => !reason(s.extensions))
      .flatMap((s) =>
        s.ports.flatMap((port, i) =>
          ANY_ADDRESS.has(port.hostIp)
            ? [
                {
                  at: target.locate(['services', s.name, 'ports', i]),
                  message: `service ${s.name} publishes ${port.hostPort ?? '(any)'}:${port.containerPort} on every interface, past the host firewall`,
                  hint: 'publish on 127.0.0.1, or record why in `x-devstack: { public_ports_reason: "…" }`',
                },
              ]
            : [],
        ),
      );
  },
};
