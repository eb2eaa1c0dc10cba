import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM } from './browser.js';

/**
 * What some integration tests need beyond a working engine, and how to get it. `npm run test:all`
 * provisions all of it and sets DEVSTACK_TEST_ALL=1: there a missing one fails the run. Under a plain
 * `npm test` on an ordinary Docker install, the tests that need one are skipped, each file saying why.
 */
const EXTRAS = {
  compose: {
    what: 'Docker Compose v2 (`docker compose`)',
    get: 'bash scripts/install-compose.sh',
    present: () => {
      try {
        execFileSync('docker', ['compose', 'version'], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    },
  },
  chromium: { what: `Chromium at ${CHROMIUM}`, get: 'bash scripts/install-chromium.sh', present: () => existsSync(CHROMIUM) },
  engines: {
    what: 'the current Docker Engine with its TLS listener and the loopback sshd',
    get: 'bash scripts/engines/ssh.sh',
    present: () => existsSync('/run/devstack-engines/current/docker.sock') && existsSync('/var/lib/devstack-engines/ssh/known_hosts'),
  },
} as const;

export type Extra = keyof typeof EXTRAS;

const said = new Set<Extra>();

/** True when the tests that need `extra` must be skipped here (said once on stderr); under test:all a missing one throws. */
export function lacks(extra: Extra): boolean {
  const { what, get, present } = EXTRAS[extra];
  if (present()) return false;
  if (process.env.DEVSTACK_TEST_ALL === '1') throw new Error(`These tests need ${what}, which npm run test:all provisions (${get}); it is missing.`);
  if (!said.has(extra)) process.stderr.write(`Skipping the tests that need ${what}: it is not here (\`${get}\` provides it; npm run test:all does).\n`);
  said.add(extra);
  return true;
}
