#!/usr/bin/env bash
# A current Docker Engine beside the sandbox one: trixie's docker.io (Engine 26.x, API 1.45) and
# containerd, unpacked with dpkg-deb -x (not installed), run with bookworm's runc (trixie's needs a newer
# libc). Everything is its own: socket, data root, exec root, pid file, bridge, address pool, cgroup
# parent. It runs with --iptables=false so that it never rewrites the sandbox engine's chains; the
# host's FORWARD policy is DROP, so one ACCEPT rule for this engine's own address pool lets its
# containers reach each other, and --down removes it. It also listens on 127.0.0.1:23760 with TLS
# (--tlsverify, certificates made here with openssl), which is the "tls" engine of the test switch.
# --live-restore is there for the sandbox engine's sake: without it, a dockerd with an address pool that
# restarts deletes the host's docker0 (moby's configureNetworking), which is the sandbox engine's bridge,
# and every container on the sandbox's default network, every BuildKit RUN step there, fails after it.
# With it, --down stops this engine's containers first, so none outlives its daemon.
#
#   bash scripts/engines/current.sh          start it (idempotent; about 0.1 s when it already runs)
#   bash scripts/engines/current.sh --down   stop it, remove its bridge and its iptables rule (keeps the data)
#   bash scripts/engines/current.sh --env    print the DOCKER_HOST line for it
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ENGINE_NAME=current
# shellcheck source=common.sh
source "$here/common.sh"

STATE=$STATE_ROOT/current
RUN=$RUN_ROOT/current
SOCK=$RUN/docker.sock
PIDFILE=$RUN/dockerd.pid
LOG=$LOG_ROOT/current.log
BRIDGE=devstack-cur0
BRIDGE_CIDR=10.213.255.1/24
POOL=10.213.0.0/16
TLS_PORT=23760
TLS_DIR=$STATE/tls
FORWARD_RULE=(FORWARD -s "$POOL" -d "$POOL" -m comment --comment devstack-engines-current -j ACCEPT)

answers() { DOCKER_HOST=unix://$SOCK timeout 10 docker version --format '{{.Server.Version}}'; }

down() {
  if pid_alive "$PIDFILE"; then
    if answers >/dev/null 2>&1; then
      DOCKER_HOST=unix://$SOCK docker ps -q | xargs -r env DOCKER_HOST="unix://$SOCK" docker stop -t 5 >/dev/null || true
    fi
    log "stopping dockerd $(<"$PIDFILE")"
    kill "$(<"$PIDFILE")"
    wait_for 30 "dockerd to stop" bash -c "! kill -0 $(<"$PIDFILE") 2>/dev/null" || kill -9 "$(<"$PIDFILE")" || true
  fi
  while iptables -C "${FORWARD_RULE[@]}" 2>/dev/null; do iptables -D "${FORWARD_RULE[@]}"; done
  if ip link show "$BRIDGE" >/dev/null 2>&1; then ip link delete "$BRIDGE"; fi
  log "stopped; data kept in $STATE/data (remove it by hand to start afresh)"
}

make_certs() {
  [[ -f $TLS_DIR/server/cert.pem && -f $TLS_DIR/client/cert.pem ]] && return 0
  log "making a CA, a server certificate for 127.0.0.1 and a client certificate (openssl)"
  rm -rf "$TLS_DIR" && mkdir -p "$TLS_DIR/server" "$TLS_DIR/client"
  (
    cd "$TLS_DIR"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=devstack-test-ca -keyout ca-key.pem -out ca.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout server/key.pem -out server.csr 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 3650 -extfile server.ext -out server/cert.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj /CN=devstack-client -keyout client/key.pem -out client.csr 2>/dev/null
    printf 'extendedKeyUsage=clientAuth\n' >client.ext
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 3650 -extfile client.ext -out client/cert.pem 2>/dev/null
    cp ca.pem server/ca.pem && cp ca.pem client/ca.pem
    chmod 0400 ca-key.pem server/key.pem client/key.pem
  )
}

up() {
  need_root
  if pid_alive "$PIDFILE" && answers >/dev/null 2>&1; then
    log "Engine $(answers) already runs on unix://$SOCK"
    seed_images "unix://$SOCK"
    return 0
  fi
  mkdir -p "$STATE" "$RUN" "$LOG_ROOT"
  if [[ ! -x $STATE/root/usr/sbin/dockerd ]]; then
    rm -rf "$STATE/root" "$STATE/debs"
    fetch_debs trixie "$STATE/debs" "$STATE/root" docker.io containerd
  fi
  [[ -x /usr/sbin/runc ]] || die "bookworm's runc (/usr/sbin/runc) is missing: apt-get install runc"
  make_certs
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$BRIDGE_CIDR" dev "$BRIDGE"
  fi
  ip link set "$BRIDGE" up
  iptables -C "${FORWARD_RULE[@]}" 2>/dev/null || iptables -A "${FORWARD_RULE[@]}"
  rm -f "$SOCK" "$PIDFILE"
  log "starting dockerd $(basename "$(ls "$STATE"/debs/docker.io_*.deb)") on unix://$SOCK and tcp://127.0.0.1:$TLS_PORT (TLS)"
  # Its containerd (managed by dockerd, state under the exec root) comes from trixie too: first on PATH.
  PATH=$STATE/root/usr/bin:$STATE/root/usr/sbin:$PATH setsid "$STATE/root/usr/sbin/dockerd" \
    --host "unix://$SOCK" --host "tcp://127.0.0.1:$TLS_PORT" \
    --tlsverify --tlscacert "$TLS_DIR/server/ca.pem" --tlscert "$TLS_DIR/server/cert.pem" --tlskey "$TLS_DIR/server/key.pem" \
    --data-root "$STATE/data" --exec-root "$RUN/exec" --pidfile "$PIDFILE" \
    --bridge "$BRIDGE" --default-address-pool "base=$POOL,size=24" --iptables=false --ip-masq=false \
    --live-restore \
    --cgroup-parent devstack-engine-current \
    --add-runtime bookworm-runc=/usr/sbin/runc --default-runtime bookworm-runc \
    --registry-mirror "http://$REGISTRY" --insecure-registry "$REGISTRY" \
    --label devstack.engine=current \
    </dev/null >>"$LOG" 2>&1 9>&- &
  if ! wait_for 60 "dockerd to answer" answers; then
    tail -n 30 "$LOG" >&2
    die "dockerd did not answer within 60 s (log: $LOG)"
  fi
  seed_images "unix://$SOCK"
  log "Engine $(answers) runs on unix://$SOCK (log: $LOG)"
}

case "${1:-}" in
  --down) down ;;
  --env) echo "export DOCKER_HOST=unix://$SOCK" ;;
  '') up ;;
  *) die "unknown option $1 (use --down or --env)" ;;
esac
