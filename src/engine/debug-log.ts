/** Engine call tracing for bug reports: on with DEVSTACK_DEBUG=1, to stderr, never to stdout (which --json owns). */
const enabled = Boolean(process.env.DEVSTACK_DEBUG);

export function debug(area: string, message: string): void {
  if (enabled) process.stderr.write(`[debug ${new Date().toISOString()} ${area}] ${message}\n`);
}
