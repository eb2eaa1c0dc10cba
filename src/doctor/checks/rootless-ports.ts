import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EngineSystem } from '../../engine/types.js';
import type { StackSpec } from '../../model/stack.js';
import { fail, type Outcome } from '../outcome.js';
import { wantedPorts } from '../ports/published-ports.js';

/**
 * A rootless engine binds host ports as the user, so ports below `net.ipv4.ip_unprivileged_port_start`
 * (1024 unless changed) fail at `up` with a bare "permission denied". Said here, with the sysctl.
 */
export async function checkRootlessPorts(stack: StackSpec, system: EngineSystem, procRoot: string): Promise<Outcome[]> {
  if (!system.rootless) return [];
  const raw = await readFile(join(procRoot, 'sys/net/ipv4/ip_unprivileged_port_start'), 'utf8').catch(() => '1024');
  const start = Number(raw.trim());
  const low = wantedPorts(stack).filter((p) => p.hostPort < start);
  if (low.length === 0) return [];
  return [
    fail(
      'ports',
      `a rootless engine may not bind ports below ${start}: ${low.map((p) => `${p.hostPort} (service ${p.service})`).join(', ')}`,
      `publish on a port from ${start} up, or allow it: \`echo net.ipv4.ip_unprivileged_port_start=${Math.min(...low.map((p) => p.hostPort))} | sudo tee /etc/sysctl.d/90-rootless-ports.conf && sudo sysctl --system\``,
    ),
  ];
}
