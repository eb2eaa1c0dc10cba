#!/usr/bin/env bash
# Prepares `npm run bench`: a Docker engine (the sandbox one), Docker Compose v2 and buildx as CLI plugins.
# They come from scripts/install-compose.sh and install-buildx.sh (Debian trixie's packages) when missing.
# Idempotent: with Compose present it only checks the engine (about a second).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

bash "$here/ensure-engine.sh" >/dev/null

bash "$here/install-compose.sh"
bash "$here/install-buildx.sh"
echo "bench-setup: $(docker compose version) and $(docker buildx version) present; engine $(docker version --format '{{.Server.Version}}')."
