/**
 * The one way devstack prints how long something took: seconds with one decimal, `12.3s`, as the
 * task tree, the plain lines and the closing line of a command all say it, so they read alike.
 */
export function formatElapsed(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
