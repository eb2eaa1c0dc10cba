import { createServer } from 'node:net';
import type { Engine } from '../engine/types.js';

/** Whether this machine can listen on 127.0.0.1:port now (the engine's port proxy holds published ports). */
export function canListen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * The host port to publish the debugger on: the usual one when it is free (or held by this service's
 * own container, which is about to be replaced), else undefined so the engine picks a free one.
 */
export async function pickHostPort(engine: Engine, preferred: number, ownContainerId: string | undefined, listen = canListen): Promise<number | undefined> {
  const holders = (await engine.listContainers({})).filter((c) => c.status === 'running' && c.hostPorts.includes(preferred));
  if (holders.some((c) => c.id === ownContainerId)) return preferred;
  if (holders.length) return undefined;
  return (await listen(preferred)) ? preferred : undefined;
}
