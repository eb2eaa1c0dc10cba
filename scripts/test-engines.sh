#!/usr/bin/env bash
# The integration suite on the engines `npm run test:all` does not cover: Podman, and the current
# Docker Engine reached over TLS and over ssh (scripts/engines/). One engine after another, never in
# parallel (the machine is small); each engine is provisioned first (idempotent). A summary per engine
# at the end; exit 1 if any failed.
#   bash scripts/test-engines.sh [podman] [tls] [ssh]     (default: all three)
set -uo pipefail
cd "$(dirname "$0")/.."
engines=("$@")
[ ${#engines[@]} -eq 0 ] && engines=(podman tls ssh)
status=0
summary=()
# Every pass runs the engine-settings cases, which go to the TLS listener and the loopback sshd.
bash scripts/engines/current.sh && bash scripts/engines/ssh.sh || exit 1
# The tests that drive Compose or a browser run on every engine too: provisioned as test:all does, and
# DEVSTACK_TEST_ALL=1 below makes a missing one a failure, not a skip.
bash scripts/install-compose.sh && bash scripts/install-chromium.sh || exit 1
for engine in "${engines[@]}"; do
  case "$engine" in
    podman) bash scripts/engines/podman.sh || exit 1 ;;
    tls) bash scripts/engines/current.sh || exit 1 ;;
    ssh) bash scripts/engines/ssh.sh || exit 1 ;;
    *) echo "error: unknown engine $engine (podman, tls or ssh)" >&2; exit 2 ;;
  esac
  out="$(mktemp)"
  started=$(date +%s)
  DEVSTACK_TEST_ALL=1 DEVSTACK_TEST_ENGINE=$engine npx vitest run --project integration --reporter=default --reporter=json --outputFile.json="$out" || status=1
  summary+=("$engine: $(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const failed = r.testResults.flatMap((f) => f.assertionResults.filter((t) => t.status === "failed").map((t) => `${f.name.split("/").pop()}: ${t.title}`));
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed in ${process.argv[2]}s` + failed.map((t) => `\n    ${t}`).join(""));
  ' "$out" "$(( $(date +%s) - started ))" 2>/dev/null || echo "no result")")
  rm -f "$out"
done
printf '%s\n' "${summary[@]}"
exit "$status"
