#!/usr/bin/env bash
# The dashboard's browser tests drive Debian's chromium (playwright-core never downloads a browser of
# its own here). Installed as the engine is provisioned, so those tests never skip; a machine where it
# cannot be installed fails here, loudly.
set -euo pipefail
chromium="${DEVSTACK_TEST_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then exit 0; fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "install-chromium: installing Debian's chromium for the dashboard tests" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
"$chromium" --version >&2
