#!/usr/bin/env bash
# Installs Docker Compose v2 as a CLI plugin when `docker compose version` fails; used by the bench setup
# and by the test setup (scripts/test-all.sh, the Compose conformance test). Compose is taken from Debian
# trixie's `docker-compose` package by install-cli-plugin.sh (the host's apt configuration untouched).
# Idempotent and fast: with Compose present it only runs `docker compose version`.
set -euo pipefail

if docker compose version >/dev/null 2>&1; then
  exit 0
fi
bash "$(cd "$(dirname "$0")" && pwd)/install-cli-plugin.sh" docker-compose docker-compose
docker compose version
