import { createServer } from 'node:net';

/** Where /proc is missing: try the bind ourselves. True when the address is taken. */
export function portTaken(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EADDRINUSE'));
    server.listen({ host: host || '0.0.0.0', port, exclusive: true }, () => server.close(() => resolve(false)));
  });
}
