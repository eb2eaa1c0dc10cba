#!/usr/bin/env bash
# The whole suite from a fresh clone: install, make sure an engine answers, build, run unit and
# integration tests. Integration tests fail loudly without an engine; they are never skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund --loglevel=error
bash scripts/ensure-engine.sh
bash scripts/install-compose.sh
bash scripts/install-chromium.sh
npm run build --silent

results="$(mktemp)"
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$results" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$results" || true
rm -f "$results"
exit "$status"
