#!/bin/sh
# Sourced by the image's entrypoint on first start: runs the project's own init scripts, mounted at
# /devstack/initdb.d, in name order, after the extension above. The entrypoint gives us psql access
# as POSTGRES_USER to POSTGRES_DB over the local socket.
for f in /devstack/initdb.d/*; do
  [ -e "$f" ] || continue
  case "$f" in
    *.sql) echo "devstack: running $f"; psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -f "$f" || exit 1 ;;
    *.sh) echo "devstack: running $f"; sh "$f" || exit 1 ;;
    *) echo "devstack: ignoring $f (only .sql and .sh run)" ;;
  esac
done
