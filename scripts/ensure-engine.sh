#!/usr/bin/env bash
# Makes sure a Docker engine answers. An engine that already works is used as it is; only when none
# answers, and only on a Debian machine as root, is the offline sandbox engine provisioned.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if docker info >/dev/null 2>&1; then
  echo "engine: $(docker info --format '{{.ServerVersion}}') reachable; using it."
  # Our own sandbox engine may still lack images added since it was provisioned: its script checks fast.
  if [ -f /var/lib/devstack-sandbox/owned ]; then exec bash "$here/sandbox-engine.sh"; fi
  exit 0
fi
if [ "$(id -u)" != 0 ] || [ ! -f /etc/debian_version ]; then
  echo "error: no Docker engine answers, and the sandbox engine can only be provisioned on Debian as root." >&2
  echo "hint: start Docker (or set DOCKER_HOST), or run 'sudo bash scripts/sandbox-engine.sh'." >&2
  exit 1
fi
echo "engine: none reachable; provisioning the sandbox engine"
exec bash "$here/sandbox-engine.sh"
