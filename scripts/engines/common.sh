# Shared by the engine scripts (scripts/engines/*.sh): where each engine keeps its state, logging, and
# fetching a Debian package's files without installing it (a throw-away apt state, the host's own apt
# configuration untouched, nothing installed through dpkg).
# shellcheck shell=bash
STATE_ROOT=/var/lib/devstack-engines      # binaries, data roots, certificates: survive a reboot
RUN_ROOT=/run/devstack-engines            # sockets, pid files, exec roots
LOG_ROOT=/var/log/devstack-engines
REGISTRY=127.0.0.1:5000                   # the sandbox engine's loopback registry (stand-in images)

log() { printf '[engine %s] %s\n' "${ENGINE_NAME:-?}" "$*"; }
die() { printf '[engine %s] ERROR: %s\n' "${ENGINE_NAME:-?}" "$*" >&2; exit 1; }

need_root() { [[ $(id -u) == 0 ]] || die "needs root (it starts a daemon and writes under $STATE_ROOT)"; }

pid_alive() {  # pidfile
  local pid
  [[ -r $1 ]] || return 1
  pid=$(<"$1")
  [[ $pid =~ ^[0-9]+$ ]] && [[ -d /proc/$pid ]] && [[ $(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$pid/status") != Z ]]
}

# Downloads the named packages of a Debian suite into $2 (a folder) and unpacks each into $3.
fetch_debs() {  # suite dest-debs dest-root pkg...
  local suite=$1 debs=$2 root=$3 work
  shift 3
  work=$(mktemp -d /tmp/devstack-engine-apt.XXXXXX)
  mkdir -p "$work/lists/partial" "$work/archives/partial" "$debs" "$root"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $suite main" >"$work/sources.list"
  local opts=(-o "Dir::Etc::sourcelist=$work/sources.list" -o "Dir::Etc::sourceparts=-" -o "Dir::State::Lists=$work/lists"
    -o "Dir::Cache::archives=$work/archives" -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache=" -o "APT::Get::List-Cleanup=0"
    -o "APT::Sandbox::User=root")
  log "fetching the $suite package index (temporary; host apt sources unchanged)"
  apt-get "${opts[@]}" -qq update
  (cd "$debs" && apt-get "${opts[@]}" -qq download "$@")
  local deb
  for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$root"; done
  rm -rf "$work"
}

wait_for() {  # seconds description command...
  local until=$(( $(date +%s) + $1 )) what=$2
  shift 2
  until "$@" >/dev/null 2>&1; do
    (( $(date +%s) < until )) || return 1
    sleep 0.2
  done
}

# Pulls every stand-in image of the loopback registry into the engine at $1 (through its Docker Hub
# mirror, under the upstream names the tests and profiles use); an image already there is skipped.
seed_images() {  # docker-host
  local host=$1 repo tag name catalog
  catalog=$(curl -fsS -m 10 "http://$REGISTRY/v2/_catalog") || die "the sandbox's registry ($REGISTRY) does not answer: run \`npm run engine\` first"
  for repo in $(printf '%s' "$catalog" | tr -d '{}[]" ' | sed 's/^repositories://' | tr ',' ' '); do
    for tag in $(curl -fsS -m 10 "http://$REGISTRY/v2/$repo/tags/list" | sed 's/.*"tags":\[\([^]]*\)\].*/\1/' | tr -d '"' | tr ',' ' '); do
      name=${repo#library/}:$tag
      # Only the stand-ins: tests push their own repositories (devstack-tests/...) to the same registry.
      [[ $repo == devstack-* ]] && continue
      DOCKER_HOST=$host docker image inspect "$name" >/dev/null 2>&1 && continue
      log "pulling $name"
      DOCKER_HOST=$host docker pull -q "$name" >/dev/null || die "could not pull $name into $host"
    done
  done
}
