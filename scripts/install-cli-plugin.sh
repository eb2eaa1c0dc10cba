#!/usr/bin/env bash
# Installs a Docker CLI plugin from Debian trixie's package of it: `install-cli-plugin.sh PACKAGE PLUGIN`
# (docker-compose docker-compose, docker-buildx docker-buildx). The .deb is downloaded with a throw-away
# apt sources list and state directory (the host's own apt configuration is not touched, nothing is
# upgraded or installed through dpkg), its file list is checked, and only the plugin binary is copied to
# /usr/local/lib/docker/cli-plugins/. Callers check first whether the plugin is already there.
set -euo pipefail
package="$1"
plugin="$2"

PLUGIN_DIR=/usr/local/lib/docker/cli-plugins
if [ "$(id -u)" != 0 ]; then
  echo "error: the Docker CLI plugin $plugin is missing and installing it into $PLUGIN_DIR needs root." >&2
  echo "hint: install the $package package, or re-run as root." >&2
  exit 1
fi

work="$(mktemp -d "/tmp/devstack-$plugin.XXXXXX")"
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
echo "install-$plugin: fetching the trixie package index (temporary; host apt sources unchanged)..."
apt-get "${apt_opts[@]}" -qq update
(cd "$work/deb" && apt-get "${apt_opts[@]}" -qq download "$package")
deb="$(ls "$work"/deb/"${package}"_*.deb)"
echo "install-$plugin: downloaded $(basename "$deb")"

# The package must carry the CLI plugin; look before extracting anything.
listing="$(dpkg-deb -c "$deb")"
plugin_path="$(printf '%s\n' "$listing" | awk '{print $NF}' | grep -E "^\./usr/(libexec|lib)/docker/cli-plugins/$plugin\$" | head -n1 || true)"
if [ -z "$plugin_path" ]; then
  echo "error: $(basename "$deb") has no docker/cli-plugins/$plugin; its files:" >&2
  printf '%s\n' "$listing" >&2
  exit 1
fi
dpkg-deb -x "$deb" "$work/root"
mkdir -p "$PLUGIN_DIR"
install -m 0755 "$work/root/${plugin_path#./}" "$PLUGIN_DIR/$plugin"
echo "install-$plugin: installed $PLUGIN_DIR/$plugin"
