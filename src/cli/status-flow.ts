import { status, type ServiceStatus } from '../run/status.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './load-stack.js';
import { renderTable } from '../ui/table.js';

function uptime(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${seconds % 60}s`;
  return `${Math.floor(seconds / 3600)}h${Math.floor((seconds % 3600) / 60)}m`;
}

export async function runStatus(flags: StackFlags): Promise<ServiceStatus[]> {
  const stack = await loadStackFromFlags(flags);
  return status(await openEngine(), stack);
}

export function statusTable(rows: ServiceStatus[]): string {
  // The DEBUG column only while some service runs under a debugger.
  const debugging = rows.some((r) => r.debug);
  return renderTable(
    ['SERVICE', 'STATE', 'HEALTH', 'PORTS', 'UPTIME', 'MODE', ...(debugging ? ['DEBUG'] : [])],
    rows.map((r) => [
      r.service,
      r.state,
      r.health,
      r.ports.map((p) => `${p.url} -> ${p.containerPort}/${p.protocol}`).join(', '),
      uptime(r.uptimeSec),
      r.mode ?? '',
      ...(debugging ? [r.debug ? `${r.debug.runtime} on ${r.debug.address ?? `container port ${r.debug.containerPort}`}` : ''] : []),
    ]),
  );
}
