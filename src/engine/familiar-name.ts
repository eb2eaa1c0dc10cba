/**
 * An image name as Docker's CLI shows it: `docker.io/library/busybox:latest` is `busybox:latest`,
 * `docker.io/prom/prometheus` is `prom/prometheus`. Podman's API gives the full names, Docker's the
 * familiar ones; devstack names its images, and compares them, in the familiar form.
 */
export function familiarName(name: string): string {
  if (!name.startsWith('docker.io/')) return name;
  const path = name.slice('docker.io/'.length);
  const repository = path.split(/[:@]/, 1)[0]!;
  return path.startsWith('library/') && !repository.slice('library/'.length).includes('/') ? path.slice('library/'.length) : path;
}
