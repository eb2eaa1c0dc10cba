#!/usr/bin/env bash
# Turns a fresh `debootstrap --variant=minbase trixie` tree into something that
# behaves like the official debian:trixie image for Dockerfiles built on it.
# Runs on the host against the unpacked tree (no chroot needed).
set -euo pipefail
root=${1:?usage: customize.sh ROOTFS}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Same apt sources layout as the official image, security updates included, so
# `apt-get update && apt-get install` in a Dockerfile works unchanged.
rm -f "$root/etc/apt/sources.list"
install -D -m 0644 "$here/debian.sources" "$root/etc/apt/sources.list.d/debian.sources"

# Image layers should not carry package indexes or downloaded .debs: every
# Dockerfile runs apt-get update anyway, and stale lists only mislead.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
mkdir -p "$root/var/lib/apt/lists/partial" "$root/var/cache/apt/archives/partial"

# Keep later `apt-get install` layers small, as the official image does.
cat > "$root/etc/apt/apt.conf.d/docker-clean" <<'CONF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CONF
echo 'Acquire::Languages "none";' > "$root/etc/apt/apt.conf.d/docker-no-languages"

# Package maintainer scripts must not try to start services inside a build.
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod 0755 "$root/usr/sbin/policy-rc.d"

# Docker provides these per container; the build host's copies must not leak in.
rm -f "$root/etc/hostname" "$root/etc/resolv.conf"
: > "$root/etc/machine-id"
rm -rf "$root"/tmp/* "$root"/var/tmp/* "$root"/var/log/*.log "$root/var/log/bootstrap.log"
