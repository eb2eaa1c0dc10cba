import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** An agent a build forwards to: the user's own socket, or one started for key files, stopped after the build. */
export interface AgentSocket {
  socket: string;
  stop(): void;
}

const isSocket = (path: string) => {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
};

/**
 * `ssh: [id=path]` names an agent socket or private keys, as `docker buildx build --ssh` does. For keys, a
 * private `ssh-agent` (OpenSSH's) holds them for the length of the build: the key never enters the build.
 */
export async function agentFor(paths: string[]): Promise<AgentSocket> {
  if (paths.length === 1 && isSocket(paths[0]!)) return { socket: paths[0]!, stop: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'devstack-ssh-'));
  const socket = join(dir, 'agent.sock');
  const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  const stop = () => {
    agent.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  const failed = new Promise<never>((_, reject) =>
    agent.on('error', (error) => reject(new Error(`ssh-agent could not be started (${error.message}); install OpenSSH's client`))),
  );
  try {
    for (let i = 0; i < 100 && !existsSync(socket); i++) await Promise.race([sleep(20), failed]);
    const added = spawnSync('ssh-add', paths, { env: { ...process.env, SSH_AUTH_SOCK: socket }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (added.status !== 0) throw new Error(`ssh-add refused the key: ${(added.stderr || added.error?.message || '').trim()}`);
  } catch (error) {
    stop();
    throw error;
  }
  return { socket, stop };
}
