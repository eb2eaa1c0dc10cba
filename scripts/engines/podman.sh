#!/usr/bin/env bash
# The "podman" engine of the test switch: Debian bookworm's podman 4.3.1 (rootful) serving its
# Docker-compatible API on its own socket. Three settings it needs here (see the README's engine
# section): default ulimits (else every container fails with "error setting rlimit type 7"), the
# netavark network backend with aardvark-dns (CNI resolves no aliases), and docker.io mirrored to the
# sandbox's loopback registry. Its storage is podman's own (/var/lib/containers); it never talks to
# the sandbox engine.
#
#   bash scripts/engines/podman.sh          start it (idempotent)
#   bash scripts/engines/podman.sh --down   stop the API service
#   bash scripts/engines/podman.sh --env    print DOCKER_HOST for it
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ENGINE_NAME=podman
# shellcheck source=common.sh
source "$here/common.sh"

RUN=$RUN_ROOT/podman
SOCK=$RUN/podman.sock
PIDFILE=$RUN/service.pid
LOG=$LOG_ROOT/podman.log

answers() { curl -fsS -m 5 --unix-socket "$SOCK" http://d/version; }

down() {
  if pid_alive "$PIDFILE"; then kill "$(<"$PIDFILE")"; log "podman API service stopped"; fi
}

up() {
  need_root
  if pid_alive "$PIDFILE" && answers >/dev/null 2>&1; then
    log "podman $(podman version --format '{{.Server.Version}}') already serves unix://$SOCK"
    seed_images "unix://$SOCK"
    return 0
  fi
  if ! command -v podman >/dev/null || ! command -v aardvark-dns >/dev/null && [[ ! -x /usr/lib/podman/aardvark-dns ]]; then
    log "installing podman, netavark and aardvark-dns (Debian)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends podman netavark aardvark-dns crun conmon catatonit >/dev/null
  fi
  mkdir -p /etc/containers "$RUN" "$LOG_ROOT"
  local conf=/etc/containers/containers.conf
  if [[ -f $conf ]] && ! grep -q 'devstack-engines' "$conf"; then cp "$conf" "$conf.before-devstack"; fi
  # crun 1.8 refuses this machine's hybrid cgroup layout ("cgroups in hybrid mode not supported"):
  # bookworm's runc works; without systemd the cgroup manager is cgroupfs and events go to a file.
  cat >"$conf" <<CONF
# written by devstack's scripts/engines/podman.sh (devstack-engines); a previous file is kept as $conf.before-devstack
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=20000:20000"]

[network]
network_backend = "netavark"

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
  local reg=/etc/containers/registries.conf.d/50-devstack-mirror.conf
  mkdir -p "$(dirname "$reg")"
  cat >"$reg" <<CONF
# written by devstack's scripts/engines/podman.sh: Docker Hub names come from the sandbox's loopback registry
unqualified-search-registries = ["docker.io"]

[[registry]]
prefix = "docker.io"
location = "docker.io"

[[registry.mirror]]
location = "$REGISTRY"
insecure = true

[[registry]]
location = "$REGISTRY"
insecure = true
CONF
  rm -f "$SOCK"
  setsid podman system service --time=0 "unix://$SOCK" </dev/null >>"$LOG" 2>&1 9>&- &
  echo $! >"$PIDFILE"
  wait_for 30 "podman to answer" answers || { tail -n 20 "$LOG" >&2; die "podman system service did not answer (log: $LOG)"; }
  seed_images "unix://$SOCK"
  log "podman $(podman version --format '{{.Server.Version}}') serves unix://$SOCK (log: $LOG)"
}

case "${1:-}" in
  --down) down ;;
  --env) echo "export DOCKER_HOST=unix://$SOCK" ;;
  '') up ;;
  *) die "unknown option $1 (use --down or --env)" ;;
esac
