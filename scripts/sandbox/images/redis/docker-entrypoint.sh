#!/bin/sh
# Entrypoint of the sandbox stand-in for the official redis image.
#
# Behaviour users rely on: `docker run redis --appendonly yes` and
# `docker run redis /path/redis.conf` pass their arguments to redis-server;
# the server runs as user redis with its files in /data; and it accepts
# connections from other containers without a password (upstream builds redis
# with protected mode off, Debian's build keeps it on, so it is switched off
# here unless the user's own config or flags decide).
set -e

case "$1" in
  -* | *.conf) set -- redis-server "$@" ;;
esac

if [ "$1" = redis-server ]; then
  if [ "$(id -u)" = 0 ]; then
    # A fresh bind mount for /data arrives owned by root.
    find . \! -user redis -exec chown redis '{}' + 2>/dev/null || :
    exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
  fi

  user_decides=no
  for arg in "$@"; do
    [ "$arg" = --protected-mode ] && user_decides=yes
  done
  case "$2" in
    *.conf)
      if [ -f "$2" ] && grep -Eq '^[[:space:]]*protected-mode[[:space:]]' "$2"; then
        user_decides=yes
      fi ;;
  esac
  if [ "$user_decides" = no ]; then
    set -- "$@" --protected-mode no
  fi

  # Dump files hold the data: keep them private unless the user chose a umask.
  if [ "$(umask)" = 0022 ]; then
    umask 0077
  fi
fi

exec "$@"
