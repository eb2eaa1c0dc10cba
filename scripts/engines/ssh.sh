#!/usr/bin/env bash
# The "ssh" engine of the test switch: a loopback sshd (127.0.0.1:2222, its own config, host key and
# authorized_keys, nothing of /etc/ssh used) whose sessions reach the current Docker Engine
# (scripts/engines/current.sh) through `docker system dial-stdio`, as a remote build box would.
# openssh-server comes from Debian; installing it starts no system sshd (policy-rc.d says no).
#
#   bash scripts/engines/ssh.sh          start it (idempotent)
#   bash scripts/engines/ssh.sh --down   stop this sshd
#   bash scripts/engines/ssh.sh --env    print DOCKER_HOST for it
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ENGINE_NAME=ssh
# shellcheck source=common.sh
source "$here/common.sh"

STATE=$STATE_ROOT/ssh
RUN=$RUN_ROOT/ssh
PIDFILE=$RUN/sshd.pid
PORT=2222
LOG=$LOG_ROOT/ssh.log
TARGET_SOCK=$RUN_ROOT/current/docker.sock

answers() { ssh -F none -i "$STATE/id_ed25519" -o IdentitiesOnly=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$STATE/known_hosts" -o BatchMode=yes -p "$PORT" root@127.0.0.1 docker version --format '{{.Server.Version}}'; }

# devstack and the Docker CLI's ssh both refuse a host that known_hosts does not vouch for; this
# sshd's key is ours, so it goes into the user's known_hosts as accepting it once would put it there.
trust_host_key() {
  local entry known=$HOME/.ssh/known_hosts
  entry="[127.0.0.1]:$PORT $(cut -d' ' -f1,2 "$STATE/host_ed25519.pub")"
  echo "$entry" >"$STATE/known_hosts"
  if [[ -f $known ]] && grep -qxF "$entry" "$known"; then return 0; fi
  mkdir -p "$HOME/.ssh" && chmod 700 "$HOME/.ssh"
  [[ -f $known ]] && ssh-keygen -q -R "[127.0.0.1]:$PORT" -f "$known" >/dev/null 2>&1
  echo "$entry" >>"$known"
  log "added this sshd's host key for [127.0.0.1]:$PORT to $known"
}

down() {
  if pid_alive "$PIDFILE"; then kill "$(<"$PIDFILE")"; log "sshd stopped"; fi
}

up() {
  need_root
  bash "$here/current.sh"
  if [[ -f $STATE/host_ed25519.pub ]]; then trust_host_key; fi
  if pid_alive "$PIDFILE" && answers >/dev/null 2>&1; then
    log "sshd on 127.0.0.1:$PORT already reaches Engine $(answers 2>/dev/null)"
    return 0
  fi
  if [[ ! -x /usr/sbin/sshd ]]; then
    log "installing openssh-server (Debian) without starting the system sshd"
    local policy=/usr/sbin/policy-rc.d made_policy=0
    if [[ ! -e $policy ]]; then printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && made_policy=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openssh-server >/dev/null || { [[ $made_policy == 1 ]] && rm -f "$policy"; die "apt-get install openssh-server failed"; }
    [[ $made_policy == 1 ]] && rm -f "$policy"
  fi
  mkdir -p "$STATE" "$RUN" "$LOG_ROOT" /run/sshd
  [[ -f $STATE/host_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -f "$STATE/host_ed25519"
  [[ -f $STATE/id_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -C devstack-test -f "$STATE/id_ed25519"
  cp "$STATE/id_ed25519.pub" "$STATE/authorized_keys"
  trust_host_key
  cat >"$STATE/sshd_config" <<CONF
ListenAddress 127.0.0.1:$PORT
HostKey $STATE/host_ed25519
PidFile $PIDFILE
AuthorizedKeysFile $STATE/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
SetEnv DOCKER_HOST=unix://$TARGET_SOCK
MaxStartups 100:30:200
MaxSessions 100
CONF
  /usr/sbin/sshd -f "$STATE/sshd_config" -E "$LOG"
  wait_for 15 "sshd to answer" answers || { tail -n 20 "$LOG" >&2; die "sshd on 127.0.0.1:$PORT does not reach the engine (log: $LOG)"; }
  log "sshd on 127.0.0.1:$PORT reaches Engine $(answers) (key: $STATE/id_ed25519)"
}

case "${1:-}" in
  --down) down ;;
  --env) echo "export DOCKER_HOST=ssh://root@127.0.0.1:$PORT  # key: $STATE/id_ed25519 (ssh-add it)" ;;
  '') up ;;
  *) die "unknown option $1 (use --down or --env)" ;;
esac
