import type { StackSpec } from '../../model/stack.js';

export interface WantedPort {
  service: string;
  hostIp: string;
  hostPort: number;
  protocol: 'tcp' | 'udp';
}

/** Host ports the stack asks for by number; engine-picked ports cannot collide. */
export function wantedPorts(stack: StackSpec, services: string[] = Object.keys(stack.services)): WantedPort[] {
  return services.flatMap((service) =>
    (stack.services[service]?.ports ?? []).flatMap((p) =>
      p.hostPort !== undefined && p.protocol !== 'sctp' ? [{ service, hostIp: p.hostIp, hostPort: p.hostPort, protocol: p.protocol }] : [],
    ),
  );
}
