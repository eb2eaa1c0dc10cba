#!/usr/bin/env bash
# Prepares `npm run bench`: a Docker engine (the sandbox one), and Docker Compose v2 as a CLI plugin.
# Compose comes from scripts/install-compose.sh (Debian trixie's `docker-compose` package) when missing.
# Idempotent: with Compose present it only checks the engine (about a second).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

bash "$here/ensure-engine.sh" >/dev/null

bash "$here/install-compose.sh"
echo "bench-setup: $(docker compose version) present; engine $(docker version --format '{{.Server.Version}}')."
