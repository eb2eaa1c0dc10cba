#!/usr/bin/env bash
# Installs Docker Compose v2 as a CLI plugin when `docker compose version` fails; used by the bench setup
# and by the test setup (scripts/test-all.sh, the Compose conformance test). Compose is taken from Debian
# trixie's `docker-compose` package: the .deb is downloaded with a throw-away apt sources list and state
# directory (the host's own apt configuration is not touched, nothing is upgraded or installed through dpkg),
# its file list is checked, and only the plugin binary is copied to /usr/local/lib/docker/cli-plugins/.
# Idempotent and fast: with Compose present it only runs `docker compose version`.
set -euo pipefail

if docker compose version >/dev/null 2>&1; then
  exit 0
fi

PLUGIN_DIR=/usr/local/lib/docker/cli-plugins
if [ "$(id -u)" != 0 ]; then
  echo "error: Docker Compose v2 is missing and installing it into $PLUGIN_DIR needs root." >&2
  echo "hint: install the docker-compose-plugin package, or re-run as root." >&2
  exit 1
fi

work="$(mktemp -d /tmp/devstack-compose.XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/archives/partial" "$work/deb"
cat >"$work/trixie.list" <<LIST
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main
LIST
apt_opts=(
  -o "Dir::Etc::sourcelist=$work/trixie.list"
  -o "Dir::Etc::sourceparts=-"
  -o "Dir::State::Lists=$work/lists"
  -o "Dir::Cache::archives=$work/archives"
  -o "Dir::Cache::pkgcache="
  -o "Dir::Cache::srcpkgcache="
  -o "APT::Get::List-Cleanup=0"
  -o "APT::Sandbox::User=root"
)
echo "install-compose: fetching the trixie package index (temporary; host apt sources unchanged)..."
apt-get "${apt_opts[@]}" -qq update
(cd "$work/deb" && apt-get "${apt_opts[@]}" -qq download docker-compose)
deb="$(ls "$work"/deb/docker-compose_*.deb)"
echo "install-compose: downloaded $(basename "$deb")"

# The package must carry the Compose v2 CLI plugin; look before extracting anything.
listing="$(dpkg-deb -c "$deb")"
plugin_path="$(printf '%s\n' "$listing" | awk '{print $NF}' | grep -E '^\./usr/(libexec|lib)/docker/cli-plugins/docker-compose$' | head -n1 || true)"
if [ -z "$plugin_path" ]; then
  echo "error: $(basename "$deb") has no docker/cli-plugins/docker-compose; its files:" >&2
  printf '%s\n' "$listing" >&2
  exit 1
fi
dpkg-deb -x "$deb" "$work/root"
mkdir -p "$PLUGIN_DIR"
install -m 0755 "$work/root/${plugin_path#./}" "$PLUGIN_DIR/docker-compose"
echo "install-compose: installed $PLUGIN_DIR/docker-compose: $(docker compose version)"
