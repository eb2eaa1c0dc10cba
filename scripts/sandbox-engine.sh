#!/usr/bin/env bash
# Provisions an offline Docker engine for devstack's tests and for developers:
# Debian's dockerd on /var/run/docker.sock, Debian's docker-registry on
# 127.0.0.1:5000 acting as the engine's Docker Hub mirror, and stand-in images
# built from Debian packages and pushed there under their Docker Hub names, so
# `docker pull busybox:latest` works with no route to Docker Hub.
#
# Usage: bash scripts/sandbox-engine.sh [--force] [--check]
#   --force  provision even though a Docker engine this script did not start
#            is already reachable (by default such an engine is left alone)
#   --check  change nothing; exit 0 if an engine is reachable and every
#            stand-in image is in the registry and up to date, else 1
#
# Safe to re-run: packages, the debootstrap tarball and pushed images persist
# on disk, so a later run only (re)starts what is not running (seconds).
set -euo pipefail

# ---------------------------------------------------------------- settings --
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RECIPES=$SCRIPT_DIR/sandbox
IMAGES_DIR=$RECIPES/images

STATE_DIR=/var/lib/devstack-sandbox      # survives reboots: caches, hashes, registry
RUN_DIR=/run/devstack-sandbox            # pid files and the lock
LOG_DIR=/var/log/devstack-sandbox
CACHE_DIR=$STATE_DIR/cache
HASH_DIR=$STATE_DIR/images

REGISTRY=127.0.0.1:5000
DOCKER_SOCK=/var/run/docker.sock
ENGINE_ENDPOINT=unix://$DOCKER_SOCK
# dockerd reports its --label values in `docker info`: that is how a later
# run tells "our" engine from one somebody else started on the same socket.
ENGINE_LABEL=devstack.sandbox=1
BASE_IMAGE=devstack-sandbox/debian:trixie
DEBIAN_SUITE=trixie
DEBIAN_MIRROR=http://deb.debian.org/debian

PACKAGES=(docker.io docker-registry debootstrap curl ca-certificates iptables)

# The stand-in images, built in this order (busybox first: it is all the core
# tests need, and the engine smoke test uses it).
#   name        recipe: images/<name>/; built by build_<name> if that function
#               exists, else `docker build` of images/<name>/Dockerfile FROM
#               $BASE_IMAGE; checked by verify_<name> if that exists
#   repository  Docker Hub repository, as the registry names it (library/...)
#   tags        comma-separated; the first is the one carrying the version
#   package     Debian package whose upstream version the first tag must show,
#               or - (a mismatch means trixie moved on: update the tags)
# To add an image: add a row and images/<name>/Dockerfile (+ verify_<name>).
IMAGES=(
  "busybox     library/busybox     latest              -"
  "debian      library/debian      trixie,13           -"
  "pgvector    pgvector/pgvector   0.8.0-pg17,pg17     postgresql-17-pgvector"
  "redis       library/redis       8.0.2,8.0,8,latest  redis-server"
  "prometheus  prom/prometheus     v2.53.3,latest      prometheus"
  "node        library/node        20.19.2-slim,20.19-slim,20-slim,20.19.2,20.19,20  nodejs"
  "python      library/python      3.13.5-slim,3.13-slim,3.13.5,3.13                 python3.13"
  "golang      library/golang      1.24.4,1.24                                       golang-1.24-go"
)

FORCE=0
CHECK_ONLY=0
STARTED_DOCKERD=0
T0=$(date +%s.%N)

# ------------------------------------------------------------------ output --
elapsed() { awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN { printf "%5.1fs", b - a }'; }
log()  { printf '[sandbox-engine %s] %s\n' "$(elapsed)" "$*"; }
warn() { printf '[sandbox-engine %s] WARNING: %s\n' "$(elapsed)" "$*" >&2; }
die()  { printf '[sandbox-engine %s] ERROR: %s\n' "$(elapsed)" "$*" >&2; exit 1; }

# Prints the end of a log file under a failure message, so CI output alone
# tells what went wrong.
die_with_log() {
  local msg=$1 file=$2
  printf '[sandbox-engine %s] ERROR: %s\n--- last lines of %s ---\n' "$(elapsed)" "$msg" "$file" >&2
  tail -n 30 "$file" >&2 2>/dev/null || true
  printf -- '--- end of %s ---\n' "$file" >&2
  exit 1
}

# ---------------------------------------------------------------- cleanup --
# Everything a smoke test or verification creates is registered here, so an
# error half way through does not leave containers holding ports or names.
CLEANUP_CONTAINERS=()
CLEANUP_NETWORKS=()
CLEANUP_PATHS=()
cleanup() {
  local c n p
  for c in "${CLEANUP_CONTAINERS[@]}"; do docker rm -f -v "$c" >/dev/null 2>&1 || true; done
  for n in "${CLEANUP_NETWORKS[@]}"; do docker network rm "$n" >/dev/null 2>&1 || true; done
  for p in "${CLEANUP_PATHS[@]}"; do rm -rf -- "$p"; done
  CLEANUP_CONTAINERS=() CLEANUP_NETWORKS=() CLEANUP_PATHS=()
}
trap cleanup EXIT

# ------------------------------------------------------------------- misc --
is_root() { [[ $(id -u) == 0 ]]; }

# True while the process runs. Not `kill -0`: daemons are re-parented to
# PID 1, which in this sandbox does not reap them, so a dead one lingers as a
# zombie that kill -0 still reports alive.
proc_running() {  # pid
  local state
  state=$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$1/status" 2>/dev/null) || return 1
  [[ -n $state && $state != Z ]]
}

# A pid file only counts while its process is alive and is what we started:
# pid files survive reboots here (/run is not a tmpfs) and pids get reused.
pid_alive_as() {
  local pidfile=$1 comm=$2 pid
  [[ -r $pidfile ]] || return 1
  pid=$(<"$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$comm" ]] && proc_running "$pid"
}

# Starts a daemon that outlives this script and the shell that ran it.
# setsid: own session, so the caller's job control or terminal hangup does not
# reach it. Only fds 0-2 are passed, redirected: an inherited pipe would keep
# CI waiting for output forever, an inherited lock fd would keep the lock.
spawn_daemon() {
  local logfile=$1; shift
  setsid "$@" </dev/null >>"$logfile" 2>&1 9>&- &
  echo $!
}

engine_answers() {  # endpoint
  DOCKER_HOST=$1 timeout 15 docker info --format '{{.ServerVersion}}' >/dev/null 2>&1
}

engine_is_ours() {  # endpoint
  local labels
  labels=$(DOCKER_HOST=$1 timeout 15 docker info --format '{{join .Labels ","}}' 2>/dev/null) || return 1
  [[ ,$labels, == *",$ENGINE_LABEL,"* ]]
}

registry_answers() {
  curl -fsS -m 5 -o /dev/null "http://$REGISTRY/v2/" 2>/dev/null
}

# True if the registry holds repository:tag. Asks for the manifest types
# dockerd pushes; HEAD is enough and cheap.
registry_has() {  # repository tag
  curl -fsS -m 5 -o /dev/null -I \
    -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    -H 'Accept: application/vnd.docker.distribution.manifest.list.v2+json' \
    -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    "http://$REGISTRY/v2/$1/manifests/$2" 2>/dev/null
}

# ------------------------------------------------------------- 1: safety --
# A working engine we did not start belongs to someone else (a developer's own
# Docker, a CI service): provisioning over it could break their setup.
# Sets ENGINE_ENDPOINT to the engine the rest of the script must use.
check_existing_engine() {
  local candidate=${DOCKER_HOST:-$ENGINE_ENDPOINT}
  if ! engine_answers "$candidate"; then
    if [[ $candidate != "$ENGINE_ENDPOINT" ]]; then
      log "DOCKER_HOST=$candidate does not answer; provisioning the engine on $DOCKER_SOCK"
    fi
    return 0
  fi
  if engine_is_ours "$candidate"; then
    ENGINE_ENDPOINT=$candidate
    log "engine at $candidate is the sandbox engine, already running"
    return 0
  fi
  if [[ $FORCE == 0 ]]; then
    log "a Docker engine not started by this script already answers at $candidate;"
    log "leaving it untouched (re-run with --force to provision the registry and images anyway)"
    exit 0
  fi
  if [[ $candidate == "$ENGINE_ENDPOINT" ]]; then
    # Two daemons cannot share one socket: use the foreign one as it is.
    log "--force: using the foreign engine at $candidate as it is"
    if ! DOCKER_HOST=$candidate docker info --format '{{json .RegistryConfig.Mirrors}}' 2>/dev/null | grep -q "$REGISTRY"; then
      warn "that engine has no --registry-mirror=http://$REGISTRY: plain 'docker pull busybox' will not reach the stand-ins"
    fi
    FOREIGN_ENGINE=1
  else
    log "--force: DOCKER_HOST=$candidate is a foreign engine; provisioning our own on $DOCKER_SOCK"
  fi
}
FOREIGN_ENGINE=0

# ----------------------------------------------------------- 2: packages --
pkg_installed() {
  [[ $(dpkg-query -W -f '${db:Status-Status}' "$1" 2>/dev/null) == installed ]]
}

ensure_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do pkg_installed "$p" || missing+=("$p"); done
  if [[ ${#missing[@]} == 0 ]]; then
    return 0
  fi
  is_root || die "packages missing (${missing[*]}) and not root: run as root"
  log "installing ${missing[*]}"
  local logfile=$LOG_DIR/apt.log
  # A third-party source failing to update must not block Debian's packages.
  {
    apt-get update || echo "apt-get update failed; trying the install with the lists at hand"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  } >"$logfile" 2>&1 || die_with_log "apt-get install ${missing[*]} failed" "$logfile"
  log "packages installed"
}

# ----------------------------------------------------------- 3: registry --
ensure_registry() {
  if registry_answers; then
    return 0
  fi
  mkdir -p "$STATE_DIR/registry"
  local logfile=$LOG_DIR/registry.log pid i
  pid=$(spawn_daemon "$logfile" docker-registry serve "$RECIPES/registry.yml")
  echo "$pid" >"$RUN_DIR/registry.pid"
  for ((i = 0; i < 100; i++)); do
    registry_answers && { log "registry started on $REGISTRY (pid $pid, log $logfile)"; return 0; }
    proc_running "$pid" || die_with_log "docker-registry exited at start" "$logfile"
    sleep 0.1
  done
  die_with_log "docker-registry did not answer on http://$REGISTRY/v2/ within 10s" "$logfile"
}

# ------------------------------------------------------------- 4: engine --
# dockerd shells out to `iptables`; Debian defaults to the nftables backend.
# Kernels without nf_tables but with the legacy tables need the legacy tools,
# which we give dockerd alone through PATH (no system-wide alternatives
# switch). With neither, dockerd must run with --iptables=false: containers
# still reach each other on a bridge and docker-proxy still publishes ports
# on 127.0.0.1, but builds lose outbound NAT (apt-get inside `docker build`).
IPTABLES_FLAGS=()
DOCKERD_PATH=$PATH
choose_iptables() {
  if iptables -t nat -L -n >/dev/null 2>&1 && iptables -t filter -L -n >/dev/null 2>&1; then
    return 0
  fi
  if iptables-legacy -t nat -L -n >/dev/null 2>&1; then
    local bin=$RUN_DIR/bin t
    mkdir -p "$bin"
    for t in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do
      ln -sf "/usr/sbin/${t/tables/tables-legacy}" "$bin/$t"
    done
    DOCKERD_PATH=$bin:$PATH
    log "iptables: nftables backend unusable here, dockerd uses iptables-legacy"
    return 0
  fi
  warn "iptables unusable here: dockerd runs with --iptables=false (no outbound NAT for containers)"
  IPTABLES_FLAGS=(--iptables=false --ip-masq=false)
}

# Docker needs cgroups mounted; most sandboxes have them, a bare one may not.
ensure_cgroups() {
  if [[ -e /sys/fs/cgroup/cgroup.controllers || -d /sys/fs/cgroup/memory ]]; then
    return 0
  fi
  log "cgroups: none mounted, mounting cgroup2 on /sys/fs/cgroup"
  mount -t cgroup2 none /sys/fs/cgroup || die "cannot mount cgroups; dockerd cannot run containers"
}

# After a reboot, pid files under /run (not a tmpfs here) may name a pid now
# used by an unrelated process: dockerd then refuses to start ("pid file
# found") or waits on a containerd that is not there instead of starting its own.
clear_stale_docker_pidfiles() {
  local f=$RUN_DIR/dockerd.pid
  if [[ -e $f ]] && ! pid_alive_as "$f" dockerd; then rm -f "$f"; fi
  f=/var/run/docker/containerd/containerd.pid
  if [[ -e $f ]] && ! pid_alive_as "$f" containerd; then rm -f "$f"; fi
  f=/var/run/docker.pid
  if [[ -e $f ]] && ! pid_alive_as "$f" dockerd; then rm -f "$f"; fi
}

wait_for_engine() {  # pid logfile seconds
  local pid=$1 logfile=$2 limit=$3 i
  for ((i = 0; i < limit * 4; i++)); do
    engine_answers "$ENGINE_ENDPOINT" && return 0
    if [[ -n $pid ]] && ! proc_running "$pid"; then
      die_with_log "dockerd exited during start-up" "$logfile"
    fi
    sleep 0.25
  done
  die_with_log "dockerd did not answer on $DOCKER_SOCK within ${limit}s" "$logfile"
}

# Another dockerd is in the way only when it would share our socket or the default data root; one with
# a socket and data root of its own (scripts/engines/current.sh's current Docker Engine) is not.
dockerd_in_the_way() {  # pid
  local cmdline
  cmdline=$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null) || return 1
  [[ $cmdline == *"$DOCKER_SOCK"* ]] && return 0
  [[ $cmdline =~ --data-root[=\ ]([^ ]+) ]] || return 0
  [[ ${BASH_REMATCH[1]} == /var/lib/docker ]]
}

# A dockerd that starts with --default-address-pool and finds a stale "bridge" network of its own
# deletes the interface named docker0 (moby's configureNetworking), even when its own bridge is another:
# a second engine started after ours (scripts/engines/current.sh before it ran with --live-restore) took
# ours that way. Our dockerd keeps answering, but every container on its default network, and every
# BuildKit RUN step, then fails with "could not find bridge docker0"; only a restart of it recreates one.
default_bridge_lost() {
  [[ $(DOCKER_HOST=$ENGINE_ENDPOINT timeout 15 docker network inspect bridge --format '{{index .Options "com.docker.network.bridge.name"}}' 2>/dev/null) == docker0 ]] &&
    ! ip link show docker0 >/dev/null 2>&1
}

stop_our_dockerd() {
  local pid
  pid=$(<"$RUN_DIR/dockerd.pid")
  kill "$pid"
  for _ in $(seq 1 60); do proc_running "$pid" || return 0; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
}

ensure_engine() {
  local logfile=$LOG_DIR/dockerd.log pid
  if engine_answers "$ENGINE_ENDPOINT"; then
    if ! default_bridge_lost; then
      return 0
    fi
    pid_alive_as "$RUN_DIR/dockerd.pid" dockerd || die "the engine's default bridge docker0 is gone, and its dockerd is not one this script started: restart it"
    warn "the engine's default bridge docker0 was deleted under it (containers on the default network cannot start): restarting dockerd"
    stop_our_dockerd
  fi
  if pid_alive_as "$RUN_DIR/dockerd.pid" dockerd; then
    # Ours, but still starting (or wedged): give it the same bounded wait.
    log "dockerd (pid $(<"$RUN_DIR/dockerd.pid")) is running but not answering yet; waiting"
    wait_for_engine "$(<"$RUN_DIR/dockerd.pid")" "$logfile" 60
    return 0
  fi
  for pid in $(pgrep -x dockerd || true); do
    if proc_running "$pid" && dockerd_in_the_way "$pid"; then
      die "a dockerd not started by this script (pid $pid) is running but not answering on $DOCKER_SOCK; not starting a second one"
    fi
  done
  is_root || die "dockerd is not running and not root: run as root"

  ensure_cgroups
  choose_iptables
  clear_stale_docker_pidfiles
  # Storage driver: left to dockerd, which takes overlay2 where the kernel and
  # backing filesystem allow it and falls back to vfs otherwise; once chosen it
  # sticks to what /var/lib/docker already holds.
  pid=$(PATH=$DOCKERD_PATH spawn_daemon "$logfile" dockerd \
    --host "$ENGINE_ENDPOINT" \
    --pidfile "$RUN_DIR/dockerd.pid" \
    --label "$ENGINE_LABEL" \
    --registry-mirror "http://$REGISTRY" \
    --insecure-registry "$REGISTRY" \
    "${IPTABLES_FLAGS[@]}")
  wait_for_engine "$pid" "$logfile" 60
  STARTED_DOCKERD=1
  log "dockerd started (pid $pid, storage driver $(docker info --format '{{.Driver}}'), log $logfile)"
}

# Proves what devstack relies on, for real, each time a daemon is (re)started:
# a pull through the mirror, a port published on 127.0.0.1, name resolution on
# a user-defined network, and healthchecks being run.
smoke_test_engine() {
  local net=devstack-sandbox-smoke srv=devstack-sandbox-smoke-a had_busybox=0 port body status i
  log "engine smoke test: pull via mirror, published port, DNS on a user network, healthcheck"
  docker image inspect busybox:latest >/dev/null 2>&1 && had_busybox=1
  docker pull -q busybox:latest >/dev/null 2>"$LOG_DIR/smoke.log" ||
    die_with_log "docker pull busybox:latest through the mirror http://$REGISTRY failed" "$LOG_DIR/smoke.log"

  docker rm -f "$srv" >/dev/null 2>&1 || true
  docker network rm "$net" >/dev/null 2>&1 || true
  CLEANUP_NETWORKS+=("$net") CLEANUP_CONTAINERS+=("$srv")
  docker network create "$net" >/dev/null
  # Port 0 on the host side: docker picks a free one, so a busy 18080 on a
  # developer's machine cannot fail the test.
  docker run -d --network "$net" --name "$srv" -p 127.0.0.1::80 \
    --health-cmd 'wget -qO- http://127.0.0.1/ >/dev/null' --health-interval 1s --health-retries 3 \
    busybox:latest sh -c 'mkdir -p /www && echo devstack-sandbox-ok >/www/index.html && exec httpd -f -p 80 -h /www' \
    >/dev/null
  port=$(docker port "$srv" 80/tcp | head -n1)
  port=${port##*:}

  body=
  for ((i = 0; i < 50; i++)); do
    body=$(curl -fsS -m 2 "http://127.0.0.1:$port/" 2>/dev/null) && break
    sleep 0.2
  done
  [[ $body == devstack-sandbox-ok ]] || die "smoke test: 127.0.0.1:$port (published port of $srv) did not serve the test page"

  body=$(docker run --rm --network "$net" busybox:latest wget -qO- -T 5 "http://$srv/" 2>&1) ||
    die "smoke test: container could not reach $srv by name on network $net: $body"
  [[ $body == devstack-sandbox-ok ]] || die "smoke test: unexpected answer from $srv by name: $body"

  for ((i = 0; i < 60; i++)); do
    status=$(docker inspect -f '{{.State.Health.Status}}' "$srv")
    [[ $status == healthy ]] && break
    sleep 0.25
  done
  [[ $status == healthy ]] || die "smoke test: healthcheck of $srv never passed (status: $status)"

  cleanup
  # The first `docker pull busybox` of a devstack run must be a real pull.
  if [[ $had_busybox == 0 ]]; then docker rmi busybox:latest >/dev/null 2>&1 || true; fi
  log "engine smoke test passed"
}

# ------------------------------------------------------------- 5: images --
image_field() {  # row index -> field (0 name, 1 repository, 2 tags, 3 package)
  local -a f
  read -r -a f <<<"$1"
  printf '%s' "${f[$2]}"
}

# Identifies everything a rebuild depends on: the table row, the recipe files
# (names, modes, contents), the code that builds it, and for Dockerfile images
# the base image's own recipe.
recipe_hash() {  # name
  local name=$1 row dir=$IMAGES_DIR/$1
  row=$(printf '%s\n' "${IMAGES[@]}" | awk -v n="$name" '$1 == n')
  {
    printf '%s\n' "$row" | tr -s ' '
    if declare -F "build_$name" >/dev/null; then
      declare -f "build_$name"
      [[ $name != busybox ]] || declare -f download_suite_deb
      [[ $name != debian ]] || base_hash
    else
      declare -f build_from_dockerfile
      base_hash
    fi
    recipe_dir_hash "$dir"
  } | sha256sum | cut -c1-64
}

recipe_dir_hash() {  # dir
  [[ -d $1 ]] || return 0
  (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r stat -c '%a %n' &&
    find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
}

base_hash() {
  {
    declare -f ensure_base_image debootstrap_tarball
    recipe_dir_hash "$IMAGES_DIR/debian"
  } | sha256sum | cut -c1-64
}

image_up_to_date() {  # row
  local name repo tag want have
  name=$(image_field "$1" 0)
  repo=$(image_field "$1" 1)
  want=$(recipe_hash "$name")
  have=$(cat "$HASH_DIR/$name.sha256" 2>/dev/null || true)
  [[ $want == "$have" ]] || return 1
  for tag in $(image_field "$1" 2 | tr ',' ' '); do
    registry_has "$repo" "$tag" || return 1
  done
}

# The raw debootstrap output is cached as a tarball: debootstrap is the slow,
# network-bound step and must happen once per machine, ever.
debootstrap_tarball() {
  local tarball=$CACHE_DIR/debian-$DEBIAN_SUITE-minbase.tar
  if [[ -s $tarball ]]; then
    printf '%s' "$tarball"
    return 0
  fi
  local dir=$STATE_DIR/tmp/debootstrap logfile=$LOG_DIR/debootstrap.log
  rm -rf "$dir" && mkdir -p "$dir"
  log "debootstrap --variant=minbase $DEBIAN_SUITE (about a minute; log $logfile)" >&2
  debootstrap --variant=minbase "$DEBIAN_SUITE" "$dir" "$DEBIAN_MIRROR" >"$logfile" 2>&1 ||
    die_with_log "debootstrap failed" "$logfile"
  tar --numeric-owner -C "$dir" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
  rm -rf "$dir"
  printf '%s' "$tarball"
}

# The local base every Dockerfile image builds FROM; its label records which
# recipe produced it, so a changed customize.sh re-imports it.
ensure_base_image() {
  local want have tarball dir
  want=$(base_hash)
  have=$(docker image inspect -f '{{index .Config.Labels "devstack.sandbox.recipe"}}' "$BASE_IMAGE" 2>/dev/null || true)
  [[ $want == "$have" ]] && return 0
  tarball=$(debootstrap_tarball)
  dir=$(mktemp -d "$STATE_DIR/tmp/rootfs.XXXXXX")
  CLEANUP_PATHS+=("$dir")
  tar --numeric-owner -xpf "$tarball" -C "$dir"
  "$IMAGES_DIR/debian/customize.sh" "$dir"
  tar --numeric-owner -C "$dir" -c . |
    docker import \
      --change 'CMD ["bash"]' \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change "LABEL devstack.sandbox.recipe=$want" \
      - "$BASE_IMAGE" >/dev/null
  rm -rf "$dir"
  log "base image $BASE_IMAGE imported"
}

# Downloads one package .deb of Debian $DEBIAN_SUITE (whatever the host runs)
# into the cache, through a private apt state so the host's own sources and
# package lists stay untouched. Prints the .deb's path.
download_suite_deb() {  # package
  local pkg=$1 apt=$CACHE_DIR/apt-$DEBIAN_SUITE deb
  deb=$(find "$apt/debs" -maxdepth 1 -name "${pkg}_*.deb" 2>/dev/null | head -n1)
  if [[ -n $deb ]]; then
    printf '%s' "$deb"
    return 0
  fi
  mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/debs"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $DEBIAN_MIRROR $DEBIAN_SUITE main" >"$apt/sources.list"
  local -a opts=(
    -o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o Dir::State::status=/dev/null
    -o Acquire::Languages=none -o APT::Sandbox::User=root
  )
  (apt-get "${opts[@]}" update && cd "$apt/debs" && apt-get "${opts[@]}" download "$pkg") \
    >"$LOG_DIR/apt-download.log" 2>&1 || die_with_log "downloading $pkg from $DEBIAN_SUITE failed" "$LOG_DIR/apt-download.log"
  find "$apt/debs" -maxdepth 1 -name "${pkg}_*.deb" | head -n1
}

# busybox:latest, from Debian's static busybox: one binary plus a symlink per
# applet, the way the upstream image is laid out. No debootstrap: it must be
# ready seconds after the engine is. Taken from trixie, not the bookworm host:
# bookworm's 1.35 segfaults on `wget -T`, which healthchecks use, and trixie's
# 1.37 is the version upstream's busybox:latest carries.
build_busybox() {  # ref hash
  local ref=$1 hash=$2 work deb
  work=$(mktemp -d "$STATE_DIR/tmp/busybox.XXXXXX")
  CLEANUP_PATHS+=("$work")
  deb=$(download_suite_deb busybox-static)
  dpkg-deb -x "$deb" "$work/deb"
  local root=$work/rootfs applet
  mkdir -p "$root"/{bin,etc,root,home,var/www,usr/bin,usr/sbin,sbin}
  mkdir -m 1777 "$root/tmp"
  chmod 0700 "$root/root"
  # /bin in older packages, /usr/bin since the merged-/usr layout.
  install -m 0755 "$(find "$work/deb" -type f -name busybox -path '*bin/busybox' | head -n1)" "$root/bin/busybox"
  for applet in $("$root/bin/busybox" --list); do
    [[ -e $root/bin/$applet ]] || ln -s busybox "$root/bin/$applet"
  done
  install -m 0644 "$IMAGES_DIR/busybox/passwd" "$root/etc/passwd"
  install -m 0644 "$IMAGES_DIR/busybox/group" "$root/etc/group"
  tar --numeric-owner --owner=0 --group=0 -C "$root" -c . |
    docker import \
      --change 'CMD ["sh"]' \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change "LABEL devstack.sandbox.recipe=$hash" \
      - "$ref" >/dev/null
  rm -rf "$work"
}

# debian:trixie is the base itself, offered under its Docker Hub name too so a
# user's `FROM debian:trixie` works offline.
build_debian() {  # ref hash
  ensure_base_image
  docker tag "$BASE_IMAGE" "$1"
}

# The legacy builder: the engine is 20.10 and there is no buildx here; a
# newer docker CLI would otherwise insist on BuildKit.
build_from_dockerfile() {  # name ref hash
  local name=$1 ref=$2 hash=$3 logfile=$LOG_DIR/build-$1.log
  ensure_base_image
  DOCKER_BUILDKIT=0 docker build --force-rm --label "devstack.sandbox.recipe=$hash" \
    -t "$ref" "$IMAGES_DIR/$name" >"$logfile" 2>&1 ||
    die_with_log "docker build of $name failed" "$logfile"
}

# The tag promises a version; say so loudly if Debian's package moved on.
check_version() {  # ref package first-tag
  local ref=$1 pkg=$2 tag=$3 version upstream
  [[ $pkg == - ]] && return 0
  version=$(docker run --rm --entrypoint dpkg-query "$ref" -W -f '${Version}' "$pkg") ||
    die "cannot read the version of $pkg in $ref"
  upstream=${version#*:}
  upstream=${upstream%-*}
  upstream=${upstream%%[+~]*}
  if [[ $tag != *"$upstream"* ]]; then
    warn "$ref: $pkg is $version, but the tag says $tag; update the IMAGES table in $0"
  fi
}

ensure_image() {  # row
  local row=$1 name repo tags pkg hash ref tag t_start
  local -a tag_list
  name=$(image_field "$row" 0)
  repo=$(image_field "$row" 1)
  tags=$(image_field "$row" 2)
  pkg=$(image_field "$row" 3)
  if image_up_to_date "$row"; then
    return 0
  fi
  t_start=$(date +%s)
  hash=$(recipe_hash "$name")
  IFS=, read -r -a tag_list <<<"$tags"
  ref=$REGISTRY/$repo:${tag_list[0]}
  log "image $repo:${tag_list[0]}: building"
  if declare -F "build_$name" >/dev/null; then
    "build_$name" "$ref" "$hash"
  else
    build_from_dockerfile "$name" "$ref" "$hash"
  fi
  check_version "$ref" "$pkg" "${tag_list[0]}"
  if declare -F "verify_$name" >/dev/null; then
    "verify_$name" "$ref"
    cleanup
  fi
  for tag in "${tag_list[@]}"; do
    docker tag "$ref" "$REGISTRY/$repo:$tag"
    docker push "$REGISTRY/$repo:$tag" >"$LOG_DIR/push.log" 2>&1 ||
      die_with_log "docker push $REGISTRY/$repo:$tag failed" "$LOG_DIR/push.log"
  done
  # Drop the local copies: the engine must fetch these through the mirror the
  # first time devstack asks for them, the way it would from Docker Hub.
  for tag in "${tag_list[@]}"; do docker rmi "$REGISTRY/$repo:$tag" >/dev/null; done
  echo "$hash" >"$HASH_DIR/$name.sha256"
  log "image $repo: pushed ${tags//,/, } ($(($(date +%s) - t_start))s)"
}

ensure_images() {
  local row
  for row in "${IMAGES[@]}"; do
    ensure_image "$row"
    # The smoke test needs busybox in the registry; run it as soon as that is
    # true, before the slower images, so engine problems surface early.
    if [[ $(image_field "$row" 0) == busybox && $STARTED_DOCKERD == 1 ]]; then
      smoke_test_engine
    fi
  done
}

# ------------------------------------------------- 5b: image verification --
# Each stand-in is run for real before it is pushed: a broken image in the
# registry would only show up later as a confusing devstack test failure.
VERIFY_NET=devstack-sandbox-verify

verify_network() {
  docker network rm "$VERIFY_NET" >/dev/null 2>&1 || true
  docker network create "$VERIFY_NET" >/dev/null
  CLEANUP_NETWORKS+=("$VERIFY_NET")
}

# Runs a detached container that cleanup() removes.
verify_run() {  # name docker-run-args...
  local name=$1; shift
  docker rm -f -v "$name" >/dev/null 2>&1 || true
  CLEANUP_CONTAINERS+=("$name")
  docker run -d --name "$name" --network "$VERIFY_NET" "$@" >/dev/null
}

verify_fail() {  # container message
  docker logs --tail 30 "$1" >&2 2>&1 || true
  die "verify: $2"
}

# Polls a command for up to N seconds.
wait_until() {  # seconds command...
  local limit=$1 i; shift
  for ((i = 0; i < limit * 4; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.25
  done
  return 1
}

process_user() {  # container -> user running PID 1
  docker exec "$1" stat -c %U /proc/1
}

verify_busybox() {  # ref
  local out
  out=$(docker run --rm "$1" sh -c 'id nobody >/dev/null && wget --help >/dev/null 2>&1 && echo ok') ||
    die "verify: $1 cannot run sh/wget"
  [[ $out == ok ]] || die "verify: $1 printed '$out'"
}

verify_debian() {  # ref
  docker run --rm "$1" sh -c '. /etc/os-release && test "$VERSION_CODENAME" = trixie && command -v apt-get' >/dev/null ||
    die "verify: $1 is not a working Debian trixie"
}

verify_pgvector() {  # ref
  local ref=$1 c=devstack-sandbox-verify-pg init out
  verify_network
  init=$(mktemp -d "$STATE_DIR/tmp/pginit.XXXXXX")
  CLEANUP_PATHS+=("$init")
  echo 'CREATE TABLE sandbox_init_sql (id int);' >"$init/01-table.sql"
  # shellcheck disable=SC2016  # expanded by the container's shell, not here
  printf '#!/bin/bash\nset -e\npsql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -c "CREATE TABLE sandbox_init_sh (id int)"\n' >"$init/02-table.sh"
  chmod 0755 "$init/02-table.sh"
  chmod 0755 "$init"
  verify_run "$c" -e POSTGRES_PASSWORD=sandbox-secret -e POSTGRES_DB=app \
    -v "$init:/docker-entrypoint-initdb.d:ro" "$ref"
  # TCP readiness, not the socket: the socket already answers while the
  # temporary init server runs.
  wait_until 90 docker exec "$c" pg_isready -h 127.0.0.1 -U postgres ||
    verify_fail "$c" "postgres did not become ready on 0.0.0.0:5432"
  out=$(docker exec "$c" psql -U postgres -d app -tAc \
    "CREATE EXTENSION IF NOT EXISTS vector; SELECT '[1,2,3]'::vector <-> '[1,2,4]';") ||
    verify_fail "$c" "CREATE EXTENSION vector failed"
  [[ $out == *1 ]] || verify_fail "$c" "vector distance query answered '$out', expected 1"
  docker exec "$c" psql -U postgres -d app -tAc 'SELECT count(*) FROM sandbox_init_sql, sandbox_init_sh' >/dev/null ||
    verify_fail "$c" "/docker-entrypoint-initdb.d scripts did not run"
  [[ $(process_user "$c") == postgres ]] || verify_fail "$c" "PID 1 is not running as postgres"
  [[ $(docker exec "$c" id -u postgres) == 999 ]] || verify_fail "$c" "postgres is not uid 999"
  # Other containers must log in with the password, and only with it.
  docker run --rm --network "$VERIFY_NET" -e PGPASSWORD=sandbox-secret "$ref" \
    psql -h "$c" -U postgres -d app -tAc 'SELECT 1' >/dev/null 2>&1 ||
    verify_fail "$c" "password login from another container failed"
  if docker run --rm --network "$VERIFY_NET" -e PGPASSWORD=wrong "$ref" \
    psql -h "$c" -U postgres -d app -tAc 'SELECT 1' >/dev/null 2>&1; then
    verify_fail "$c" "login with a wrong password succeeded"
  fi
  # STOPSIGNAL SIGINT reaches postgres as PID 1: a clean, quick stop.
  docker stop -t 20 "$c" >/dev/null
  [[ $(docker inspect -f '{{.State.ExitCode}}' "$c") == 0 ]] || verify_fail "$c" "postgres did not shut down cleanly"
}

verify_redis() {  # ref
  local ref=$1 c=devstack-sandbox-verify-redis
  verify_network
  verify_run "$c" "$ref"
  wait_until 30 docker exec "$c" redis-cli ping || verify_fail "$c" "redis-cli ping failed"
  [[ $(docker exec "$c" redis-cli ping) == PONG ]] || verify_fail "$c" "redis-cli ping did not answer PONG"
  # From another container: needs bind on all interfaces and protected mode off.
  [[ $(docker run --rm --network "$VERIFY_NET" "$ref" redis-cli -h "$c" ping 2>&1) == PONG ]] ||
    verify_fail "$c" "redis not reachable from another container"
  if [[ $(docker exec "$c" redis-cli save) != OK ]] || ! docker exec "$c" test -s /data/dump.rdb; then
    verify_fail "$c" "redis cannot save to /data"
  fi
  [[ $(process_user "$c") == redis ]] || verify_fail "$c" "PID 1 is not running as redis"
}

target_listed() {  # targets-url job
  curl -fsS -m 5 "$1" | grep -q "\"job\":\"$2\""
}

verify_prometheus() {  # ref
  local ref=$1 c=devstack-sandbox-verify-prom port
  verify_network
  verify_run "$c" -p 127.0.0.1::9090 "$ref"
  port=$(docker port "$c" 9090/tcp | head -n1)
  port=${port##*:}
  wait_until 60 curl -fsS -m 2 "http://127.0.0.1:$port/-/ready" ||
    verify_fail "$c" "http://127.0.0.1:$port/-/ready did not answer"
  [[ $(process_user "$c") == nobody ]] || verify_fail "$c" "prometheus is not running as nobody"
  # Targets show up once the scrape manager has synced, a moment after ready.
  wait_until 30 target_listed "http://127.0.0.1:$port/api/v1/targets" prometheus ||
    verify_fail "$c" "the default config does not scrape prometheus itself"
}

# The app runtimes (node, python, golang) are checked the way devstack's
# profiles and debugger use them: a server on a published 127.0.0.1 port, the
# debug endpoint, and the environment variables runtime detection reads.

verify_host_port() {  # container container-port -> host port on 127.0.0.1
  local port
  port=$(docker port "$1" "$2/tcp" | head -n1)
  printf '%s' "${port##*:}"
}

verify_http_answers() {  # url expected-substring
  local body
  body=$(curl -fsS -m 2 "$1" 2>/dev/null) && [[ $body == *"$2"* ]]
}

# NODE_VERSION and friends are fixed in the Dockerfile; Debian may move the
# package on. Same policy as check_version: say so, do not fail.
verify_env_version() {  # ref variable actual-version
  local declared
  declared=$(docker image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$1" | sed -n "s/^$2=//p")
  if [[ $declared != "$3" ]]; then
    warn "$1: $2=$declared but the image runs $3; update ENV $2 in its Dockerfile under $IMAGES_DIR and the IMAGES tags in $0"
  fi
}

verify_extras_label() {  # ref expected
  [[ $(docker image inspect -f '{{index .Config.Labels "dev.devstack.sandbox.extras"}}' "$1") == "$2" ]] ||
    die "verify: $1 lacks the label dev.devstack.sandbox.extras=$2"
}

verify_node() {  # ref
  local ref=$1 c=devstack-sandbox-verify-node ci=devstack-sandbox-verify-node-inspect port out
  verify_network
  # As the node profile runs it: user node, a server on a published port.
  verify_run "$c" --user node -p 127.0.0.1::3000 "$ref" \
    node -e "require('http').createServer((q,s)=>s.end('ok')).listen(3000)"
  port=$(verify_host_port "$c" 3000)
  wait_until 30 verify_http_answers "http://127.0.0.1:$port/" ok ||
    verify_fail "$c" "node's http server did not answer 'ok' on 127.0.0.1:$port"
  [[ $(process_user "$c") == node ]] || verify_fail "$c" "PID 1 is not running as node"
  # The inspector the debugger attaches to, reached through a published port.
  verify_run "$ci" -p 127.0.0.1::9229 "$ref" node --inspect=0.0.0.0:9229 -e 'setInterval(() => {}, 1000)'
  port=$(verify_host_port "$ci" 9229)
  wait_until 30 verify_http_answers "http://127.0.0.1:$port/json/list" webSocketDebuggerUrl ||
    verify_fail "$ci" "node --inspect did not list a target on 127.0.0.1:$port/json/list"
  # The entrypoint runs node for a bare flag, as upstream's does.
  out=$(docker run --rm "$ref" --version) || die "verify: $ref --version failed"
  [[ $out == v* ]] || die "verify: $ref --version printed '$out'"
  verify_env_version "$ref" NODE_VERSION "${out#v}"
  [[ $(docker image inspect -f '{{json .Config.Cmd}}' "$ref") == '["node"]' ]] || die "verify: $ref: CMD is not [\"node\"]"
  out=$(docker run --rm "$ref" sh -c 'echo "$(id -u node):$(id -g node)"; npm --version >/dev/null && echo npm; command -v curl; command -v wget; true')
  [[ $out == $'1000:1000\nnpm' ]] || die "verify: $ref: want user node 1000:1000, npm, and no curl/wget; got: $out"
}

verify_python() {  # ref
  local ref=$1 c=devstack-sandbox-verify-python cd=devstack-sandbox-verify-python-debugpy port out
  verify_network
  # As the python profile runs it: uid 1000, a server on a published port.
  verify_run "$c" --user 1000 -p 127.0.0.1::8000 "$ref" python3 -m http.server 8000
  port=$(verify_host_port "$c" 8000)
  wait_until 30 verify_http_answers "http://127.0.0.1:$port/" 'Directory listing' ||
    verify_fail "$c" "python3 -m http.server did not answer on 127.0.0.1:$port"
  out=$(docker run --rm "$ref" python3 -m debugpy --version 2>/dev/null) ||
    die "verify: $ref: python3 -m debugpy --version failed"
  [[ $out =~ ^[0-9]+\.[0-9]+ ]] || die "verify: $ref: python3 -m debugpy --version printed '$out'"
  verify_extras_label "$ref" python3-debugpy
  # The debug adapter must answer a DAP initialize request from another
  # container, as the debugger's does through the published port.
  verify_run "$cd" "$ref" python3 -m debugpy --listen 0.0.0.0:5678 -c 'import time; time.sleep(600)'
  # shellcheck disable=SC2016  # python source, not shell
  wait_until 30 docker run --rm --network "$VERIFY_NET" "$ref" python3 -c '
import json, socket, sys
s = socket.create_connection((sys.argv[1], 5678), 2)
s.settimeout(5)
body = json.dumps({"seq": 1, "type": "request", "command": "initialize", "arguments": {"adapterID": "devstack"}}).encode()
s.sendall(b"Content-Length: %d\r\n\r\n" % len(body) + body)
data = b""
while b"\"initialize\"" not in data:
    chunk = s.recv(65536)
    if not chunk:
        sys.exit(1)
    data += chunk
' "$cd" || verify_fail "$cd" "debugpy --listen 0.0.0.0:5678 did not answer a DAP initialize request"
  out=$(docker run --rm "$ref" sh -c 'python -c "import platform; print(platform.python_version())" && pip --version >/dev/null && echo pip') ||
    die "verify: $ref: python or pip is not on PATH"
  [[ $out == *$'\npip' ]] || die "verify: $ref: pip --version failed: $out"
  verify_env_version "$ref" PYTHON_VERSION "${out%%$'\n'*}"
  [[ $(docker image inspect -f '{{json .Config.Cmd}}' "$ref") == '["python3"]' ]] || die "verify: $ref: CMD is not [\"python3\"]"
}

verify_golang() {  # ref
  local ref=$1 c=devstack-sandbox-verify-golang cd=devstack-sandbox-verify-golang-dlv src port out
  verify_network
  src=$(mktemp -d "$STATE_DIR/tmp/gosrc.XXXXXX")
  CLEANUP_PATHS+=("$src")
  printf 'module example.com/sandboxhello\n\ngo 1.24\n' >"$src/go.mod"
  cat >"$src/main.go" <<'GO'
package main

import (
	"fmt"
	"net/http"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") })
	panic(http.ListenAndServe(":8080", nil))
}
GO
  # No network at all: GOPROXY=off and GOTOOLCHAIN=local must keep the go
  # command from reaching out for a module without dependencies.
  docker run --rm --network none -v "$src:/go/src/hello" -w /go/src/hello "$ref" go build -o hello . \
    >"$LOG_DIR/verify-golang.log" 2>&1 || die_with_log "verify: go build without network failed in $ref" "$LOG_DIR/verify-golang.log"
  verify_run "$c" -p 127.0.0.1::8080 -v "$src:/app:ro" "$ref" /app/hello
  port=$(verify_host_port "$c" 8080)
  wait_until 30 verify_http_answers "http://127.0.0.1:$port/" ok ||
    verify_fail "$c" "the Go server built in the image did not answer on 127.0.0.1:$port"
  # Delve, headless as the debugger runs it, launching the same server.
  out=$(docker run --rm "$ref" dlv version) || die "verify: $ref: dlv version failed"
  [[ $out == *Delve* ]] || die "verify: $ref: dlv version printed '$out'"
  verify_extras_label "$ref" delve
  verify_run "$cd" -p 127.0.0.1::8080 -v "$src:/app:ro" "$ref" \
    dlv exec /app/hello --headless --listen=:2345 --api-version=2 --accept-multiclient --continue
  port=$(verify_host_port "$cd" 8080)
  wait_until 30 verify_http_answers "http://127.0.0.1:$port/" ok ||
    verify_fail "$cd" "the Go server under dlv exec --headless did not answer on 127.0.0.1:$port"
  out=$(docker run --rm "$ref" sh -c 'pwd; go env GOVERSION GOPATH GOTOOLCHAIN GOPROXY; command -v git >/dev/null && command -v wget >/dev/null && echo tools')
  [[ $out == $'/go\ngo'*$'\n/go\nlocal\noff\ntools' ]] ||
    die "verify: $ref: want WORKDIR /go, GOPATH=/go, GOTOOLCHAIN=local, GOPROXY=off, git and wget; got: $(tr '\n' ' ' <<<"$out")"
  out=${out#*$'\n'}
  out=${out%%$'\n'*}
  verify_env_version "$ref" GOLANG_VERSION "${out#go}"
}

# -------------------------------------------------------------- --check --
check_only() {
  local ok=0 row endpoint=${DOCKER_HOST:-$ENGINE_ENDPOINT}
  if engine_answers "$endpoint"; then
    log "engine: answers at $endpoint"
  else
    log "engine: not reachable at $endpoint"; ok=1
  fi
  if registry_answers; then
    for row in "${IMAGES[@]}"; do
      if ! image_up_to_date "$row"; then
        log "image $(image_field "$row" 1):$(image_field "$row" 2 | cut -d, -f1): missing or out of date"
        ok=1
      fi
    done
  else
    log "registry: not answering on http://$REGISTRY/v2/"; ok=1
  fi
  if [[ $ok == 0 ]]; then log "check: everything provisioned"; else log "check: not (fully) provisioned"; fi
  exit "$ok"
}

# ------------------------------------------------------------------- main --
usage() { sed -n '2,16s/^# \{0,1\}//p' "$0"; }

main() {
  local arg
  for arg in "$@"; do
    case $arg in
      --force) FORCE=1 ;;
      --check) CHECK_ONLY=1 ;;
      -h | --help) usage; exit 0 ;;
      *) usage >&2; die "unknown argument: $arg" ;;
    esac
  done
  # dockerd, iptables and debootstrap live in sbin, which a CI PATH may lack.
  PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin

  if [[ $CHECK_ONLY == 1 ]]; then
    check_only
  fi

  check_existing_engine
  is_root || die "provisioning needs root (packages, dockerd, /var/lib/devstack-sandbox)"
  mkdir -p "$STATE_DIR" "$RUN_DIR" "$LOG_DIR" "$CACHE_DIR" "$HASH_DIR" "$STATE_DIR/tmp"
  # Two runs at once (CI and a developer) would race on dockerd and pushes.
  exec 9>"$RUN_DIR/lock"
  flock -w 900 9 || die "another sandbox-engine.sh run holds $RUN_DIR/lock"

  ensure_packages
  ensure_registry
  # From here on every docker command talks to the engine chosen above, even
  # if the caller's DOCKER_HOST points at something that does not answer.
  export DOCKER_HOST=$ENGINE_ENDPOINT
  if [[ $FOREIGN_ENGINE == 0 ]]; then
    ensure_engine
  fi
  ensure_images

  log "ready: engine on $DOCKER_SOCK (mirror http://$REGISTRY), images:"
  local row
  for row in "${IMAGES[@]}"; do
    log "  $(image_field "$row" 1 | sed 's|^library/||'):{$(image_field "$row" 2)}"
  done
  if [[ -n ${CALLER_DOCKER_HOST:-} && $CALLER_DOCKER_HOST != "$ENGINE_ENDPOINT" ]]; then
    warn "your DOCKER_HOST=$CALLER_DOCKER_HOST does not point at this engine; unset it to use it"
  fi
}

CALLER_DOCKER_HOST=${DOCKER_HOST:-}
main "$@"
