#!/bin/sh
set -e

# As upstream's: `docker run node:20 app.js` or `docker run node:20 --inspect`
# runs node with those arguments; anything that is a command runs as given.
if [ "${1#-}" != "$1" ] || [ -z "$(command -v "$1" || true)" ] || { [ -f "$1" ] && ! [ -x "$1" ]; }; then
  set -- node "$@"
fi

exec "$@"
