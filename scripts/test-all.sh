#!/usr/bin/env bash
# The whole suite from a fresh clone: install, make sure an engine answers, build, run unit and
# integration tests, then the integration tests again on a current Docker Engine. Integration tests
# fail loudly without an engine; they are never skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund --loglevel=error
bash scripts/ensure-engine.sh
bash scripts/install-compose.sh
bash scripts/install-chromium.sh
npm run bundle --silent

results="$(mktemp)"
status=0
# Lint and formatting fail the run but do not stop it: the tests' verdict is still worth having.
npm run --silent lint || status=$?
npm run --silent format:check || status=$?
current="$(mktemp)"
# The current Docker Engine (with its TLS listener) and the loopback sshd: the engine-settings tests
# reach them on every run, and the second pass below runs the whole integration suite there.
bash scripts/engines/ssh.sh
# The disruptive project (engine restarts) runs here only, on the sandbox engine.
DEVSTACK_TEST_ALL=1 DEVSTACK_TEST_DISRUPTIVE=1 npx vitest run --reporter=default --reporter=json --outputFile.json="$results" || status=$?
# The same integration suite on a current Docker Engine (trixie's 26.x beside the sandbox one; also its
# TLS listener and a loopback sshd, which the engine-settings tests use): scripts/engines/.
if [ "${DEVSTACK_SKIP_CURRENT_ENGINE:-0}" != 1 ]; then
  DEVSTACK_TEST_ALL=1 DEVSTACK_TEST_ENGINE=current npx vitest run --project integration --reporter=default --reporter=json --outputFile.json="$current" || status=$?
fi
node -e '
  let passed = 0, failed = 0, skipped = 0;
  const failures = [], skips = [];
  for (const file of process.argv.slice(1)) {
    let r;
    try { r = JSON.parse(require("fs").readFileSync(file, "utf8")); } catch { continue; }
    passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + r.numTodoTests;
    const pass = file === process.argv[1] ? "sandbox engine" : "current engine";
    for (const suite of r.testResults ?? [])
      for (const test of suite.assertionResults ?? [])
        if (test.status === "failed")
          failures.push(`  ${pass}: ${require("path").relative(process.cwd(), suite.name)} > ${test.fullName}\n    ${(test.failureMessages?.[0] ?? "").split("\n")[0].slice(0, 300)}`);
        else if (test.status === "pending" || test.status === "skipped")
          skips.push(`  ${pass}: ${require("path").relative(process.cwd(), suite.name)} > ${test.fullName}`);
  }
  // CI shows only the end of the run, so the end names every failed and skipped test.
  if (failures.length) console.log(`failed:\n${failures.join("\n")}`);
  if (skips.length) console.log(`skipped:\n${skips.join("\n")}`);
  console.log(`tests: ${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$results" "$current" || true
rm -f "$results" "$current"
exit "$status"
