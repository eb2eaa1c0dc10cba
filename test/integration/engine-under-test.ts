import { execFileSync } from 'node:child_process';

/**
 * The one switch that points the integration suite at an engine: DEVSTACK_TEST_ENGINE=sandbox (the
 * default), current, podman, tls or ssh. Each is provisioned by `npm run engine -- --NAME`
 * (scripts/engines/); the settings below are what a user of that engine would have in their shell.
 */
export type TestEngine = 'sandbox' | 'current' | 'podman' | 'tls' | 'ssh';

const ENGINES: Record<TestEngine, Record<string, string>> = {
  sandbox: {},
  current: { DOCKER_HOST: 'unix:///run/devstack-engines/current/docker.sock' },
  podman: { DOCKER_HOST: 'unix:///run/devstack-engines/podman/podman.sock' },
  tls: { DOCKER_HOST: 'tcp://127.0.0.1:23760', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/var/lib/devstack-engines/current/tls/client' },
  ssh: { DOCKER_HOST: 'ssh://root@127.0.0.1:2222' },
};

const SSH_KEY = '/var/lib/devstack-engines/ssh/id_ed25519';

export function testEngine(): TestEngine {
  const name = process.env.DEVSTACK_TEST_ENGINE || 'sandbox';
  if (!(name in ENGINES)) throw new Error(`DEVSTACK_TEST_ENGINE=${name}: use one of ${Object.keys(ENGINES).join(', ')}.`);
  return name as TestEngine;
}

/**
 * Puts the engine's settings into this process's environment, which the test workers and every CLI
 * run inherit. For ssh an agent holding the test key is started, as a user's would be; the returned
 * function stops it.
 */
export function useTestEngine(name: TestEngine): () => void {
  Object.assign(process.env, ENGINES[name]);
  if (name !== 'ssh') return () => {};
  const out = execFileSync('ssh-agent', ['-s'], { encoding: 'utf8' });
  const sock = /SSH_AUTH_SOCK=([^;]+);/.exec(out)?.[1];
  const pid = /SSH_AGENT_PID=(\d+);/.exec(out)?.[1];
  if (!sock || !pid) throw new Error(`ssh-agent gave no socket: ${out}`);
  process.env.SSH_AUTH_SOCK = sock;
  execFileSync('ssh-add', [SSH_KEY], { stdio: 'ignore', env: process.env });
  return () => process.kill(Number(pid));
}

/**
 * Podman builds with buildah, not BuildKit: its output is the legacy builder's shape (`STEP 2/5: `),
 * with no step trace, no cached count and no build sessions (secrets, ssh). Tests of those run where
 * the engine has BuildKit; on Podman they show as skipped, and the README's engine table says why.
 */
export function buildsWithBuildKit(): boolean {
  return testEngine() !== 'podman';
}

/** A legacy-shaped step line of either builder: Docker's `Step 4/6 : `, buildah's `STEP 4/6: `. */
export const LEGACY_STEP_LINE = String.raw`(?:Step \d+\/\d+ :|STEP \d+\/\d+:)`;

/**
 * Podman runs healthchecks from systemd timers, which this machine's rootful service has not: the
 * engine's own health stays "starting". Tests that wait for the engine's verdict (not devstack's
 * probe) run where the engine checks by itself; on Podman they show as skipped (README engine table).
 */
export function engineRunsHealthchecks(): boolean {
  return testEngine() !== 'podman';
}
