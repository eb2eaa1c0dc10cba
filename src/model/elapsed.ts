/**
 * The one way devstack prints how long something took: seconds with one decimal, `12.3s`, as the
 * task tree, the plain lines and the closing line of a command all say it, so they read alike.
 * `fine` keeps milliseconds below a second (`42ms`), for what is usually that quick and whose speed
 * is the point: a watch sync reading `0.0s` would say nothing.
 */
export function formatElapsed(ms: number, { fine = false }: { fine?: boolean } = {}): string {
  if (fine && ms < 999.5) return `${Math.round(ms)}ms`;
  return `${(ms / 1000).toFixed(1)}s`;
}
