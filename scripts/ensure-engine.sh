#!/usr/bin/env bash
# Makes sure a Docker engine answers. On Debian as root the sandbox script decides: it leaves an engine
# it did not start alone, re-checks its own engine's images in under a second, and provisions one
# when none answers. Elsewhere a working engine is used as it is.
# `npm run engine -- --current|--podman|--tls|--ssh [--down|--env]` provisions one of the other
# engines instead (scripts/engines/), each on its own socket beside the sandbox engine.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

case "${1:-}" in
  --current|--tls) shift; exec bash "$here/engines/current.sh" "$@" ;;
  --podman) shift; exec bash "$here/engines/podman.sh" "$@" ;;
  --ssh) shift; exec bash "$here/engines/ssh.sh" "$@" ;;
  --sandbox|'') ;;
  *) echo "error: unknown engine $1 (use --current, --podman, --tls or --ssh)" >&2; exit 2 ;;
esac

if [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ]; then
  exec bash "$here/sandbox-engine.sh"
fi
if docker info >/dev/null 2>&1; then
  echo "engine: $(docker info --format '{{.ServerVersion}}') reachable; using it."
  exit 0
fi
echo "error: no Docker engine answers, and the sandbox engine can only be provisioned on Debian as root." >&2
echo "hint: start Docker (or set DOCKER_HOST), or run 'sudo bash scripts/sandbox-engine.sh'." >&2
exit 1
