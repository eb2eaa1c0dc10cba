#!/usr/bin/env bash
# Installs buildx as a Docker CLI plugin when `docker buildx version` fails, from Debian trixie's
# `docker-buildx` package (by install-cli-plugin.sh): Compose needs it to build through BuildKit, which the
# build bench (bench/build.ts) compares devstack with. Idempotent: with buildx present it only checks.
set -euo pipefail

if docker buildx version >/dev/null 2>&1; then
  exit 0
fi
bash "$(cd "$(dirname "$0")" && pwd)/install-cli-plugin.sh" docker-buildx docker-buildx
docker buildx version
