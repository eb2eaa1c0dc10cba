import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { devstack, project, projectContainers } from './helpers.js';
import { lacks } from './extras.js';

/**
 * Bad engine settings, each said once with the setting and the fix, and nothing touched. The TLS and
 * ssh cases go to the engines of scripts/engines/ (current.sh listens with TLS on 127.0.0.1:23760, ssh.sh
 * runs sshd on 127.0.0.1:2222); the certificates and keys that do not match are made here.
 */
const TLS_CLIENT = '/var/lib/devstack-engines/current/tls/client';

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

/** A CA of our own and a client certificate it signed: well formed, and trusted by no engine here. */
function strangerCerts(): string {
  const dir = mkdtempSync(join(tmpdir(), 'devstack-certs-'));
  openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=stranger-ca', '-keyout', 'ca-key.pem', '-out', 'ca.pem']);
  openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=stranger', '-keyout', 'key.pem', '-out', 'client.csr']);
  openssl(dir, ['x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '1', '-out', 'cert.pem']);
  return dir;
}

/** Settings of the user's shell replaced by the test's: nothing of the suite's own engine leaks in. */
function only(env: Record<string, string>): Record<string, string> {
  return { DOCKER_HOST: '', DOCKER_TLS_VERIFY: '', DOCKER_CERT_PATH: '', DOCKER_CONTEXT: '', SSH_AUTH_SOCK: '', ...env };
}

/** The loopback sshd's own host key line, as ssh.sh leaves it for [127.0.0.1]:2222. */
const SSH_HOST_KEY = () => readFileSync('/var/lib/devstack-engines/ssh/known_hosts', 'utf8');

/** A HOME with a key the sshd does not know and, unless told otherwise, its host key in known_hosts. */
function sshHome(knownHosts: string | null = SSH_HOST_KEY()): string {
  const home = mkdtempSync(join(tmpdir(), 'devstack-home-'));
  mkdirSync(join(home, '.ssh'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(home, '.ssh/id_ed25519')]);
  if (knownHosts !== null) writeFileSync(join(home, '.ssh/known_hosts'), knownHosts);
  return home;
}

async function refusedUp(env: Record<string, string>) {
  const { dir, name } = project('chain');
  const result = await devstack(['up', '-p', name], dir, only(env));
  return { ...result, name };
}

describe('bad engine settings', () => {
  it('a malformed DOCKER_HOST: exit 2, the setting and the fix', async () => {
    const r = await refusedUp({ DOCKER_HOST: 'tcp//127.0.0.1:2376' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('DOCKER_HOST: "tcp//127.0.0.1:2376" is not an engine address');
    expect(r.stderr).toContain('tcp://HOST:2376');
  });

  it('a Docker context that does not exist: exit 2, and no other engine used in its place', async () => {
    const home = mkdtempSync(join(tmpdir(), 'devstack-home-'));
    mkdirSync(join(home, '.docker'));
    const r = await refusedUp({ HOME: home, DOCKER_CONTEXT: 'staging' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('DOCKER_CONTEXT: the Docker context "staging" does not exist');
    expect(r.stderr).toContain('docker context ls');
    expect(await projectContainers(r.name)).toEqual([]);
  });

  it.skipIf(lacks('engines'))("a context's own TLS files reach the TLS engine; a CA that did not sign its certificate is refused with exit 1", async () => {
    const home = mkdtempSync(join(tmpdir(), 'devstack-home-'));
    const digest = createHash('sha256').update('box').digest('hex');
    mkdirSync(join(home, '.docker/contexts/meta', digest), { recursive: true });
    writeFileSync(
      join(home, '.docker/contexts/meta', digest, 'meta.json'),
      JSON.stringify({ Name: 'box', Endpoints: { docker: { Host: 'tcp://127.0.0.1:23760', SkipTLSVerify: false } } }),
    );
    writeFileSync(join(home, '.docker/config.json'), JSON.stringify({ currentContext: 'box' }));
    const tls = join(home, '.docker/contexts/tls', digest, 'docker');
    cpSync(TLS_CLIENT, tls, { recursive: true });
    const { dir, name } = project('chain');
    const ok = await devstack(['status', '-p', name], dir, only({ HOME: home }));
    expect(ok.code, ok.stderr).toBe(0);

    cpSync(join(strangerCerts(), 'ca.pem'), join(tls, 'ca.pem'));
    const r = await devstack(['up', '-p', name], dir, only({ HOME: home }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the Docker context "box": the engine at tcp://127.0.0.1:23760 showed a certificate that the CA in');
  });

  it.skipIf(lacks('engines'))('a client certificate the TLS engine did not issue: exit 1, naming DOCKER_CERT_PATH', async () => {
    const certs = strangerCerts();
    cpSync(join(TLS_CLIENT, 'ca.pem'), join(certs, 'ca.pem'));
    const r = await refusedUp({ DOCKER_HOST: 'tcp://127.0.0.1:23760', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("DOCKER_CERT_PATH: the engine at tcp://127.0.0.1:23760 refused devstack's client certificate");
  });

  it.skipIf(lacks('engines'))('DOCKER_TLS_VERIFY without DOCKER_CERT_PATH takes the files from ~/.docker, as the Docker CLI does', async () => {
    const home = mkdtempSync(join(tmpdir(), 'devstack-home-'));
    cpSync(TLS_CLIENT, join(home, '.docker'), { recursive: true });
    const { dir, name } = project('chain');
    const r = await devstack(['status', '-p', name], dir, only({ HOME: home, DOCKER_HOST: 'tcp://127.0.0.1:23760', DOCKER_TLS_VERIFY: '1' }));
    expect(r.code, r.stderr).toBe(0);
  });

  it.skipIf(lacks('engines'))('an ssh host that refuses the key: exit 1, saying so and how to fix it', async () => {
    const r = await refusedUp({ HOME: sshHome(), DOCKER_HOST: 'ssh://root@127.0.0.1:2222' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('DOCKER_HOST: the ssh host ssh://root@127.0.0.1:2222 refused every key devstack offered');
    expect(r.stderr).toContain('ssh-add');
    expect(r.stderr).toContain('`ssh -p 2222 root@127.0.0.1 docker version`');
  });

  it.skipIf(lacks('engines'))(
    'an ssh host that known_hosts does not vouch for: exit 1 before any key is offered, with its fingerprint and how to accept it',
    async () => {
      const hostKey = SSH_HOST_KEY().split(' ')[2]!.trim();
      const print = `SHA256:${createHash('sha256').update(Buffer.from(hostKey, 'base64')).digest('base64').replace(/=+$/, '')}`;
      const r = await refusedUp({ HOME: sshHome(null), DOCKER_HOST: 'ssh://root@127.0.0.1:2222' });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`DOCKER_HOST: the ssh host ssh://root@127.0.0.1:2222 is not in your known_hosts`);
      expect(r.stderr).toContain(`ssh-ed25519 key ${print}`);
      expect(r.stderr).toContain('`ssh -p 2222 root@127.0.0.1 true`');
      expect(r.stderr).not.toContain('refused every key');
      expect(await projectContainers(r.name)).toEqual([]);
    },
  );

  it.skipIf(lacks('engines'))('an ssh host showing another key than known_hosts holds: exit 1, naming the line, and nothing reached', async () => {
    const stranger = mkdtempSync(join(tmpdir(), 'devstack-hostkey-'));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(stranger, 'key')]);
    const forged = `# kept\n[127.0.0.1]:2222 ${readFileSync(join(stranger, 'key.pub'), 'utf8').split(' ').slice(0, 2).join(' ')}\n`;
    const home = sshHome(forged);
    const r = await refusedUp({ HOME: home, DOCKER_HOST: 'ssh://root@127.0.0.1:2222' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`not the ssh-ed25519 key ${join(home, '.ssh/known_hosts')}:2 holds for [127.0.0.1]:2222`);
    expect(r.stderr).toContain("ssh-keygen -R '[127.0.0.1]:2222'");
    expect(await projectContainers(r.name)).toEqual([]);
  });

  it.skipIf(lacks('engines'))('over tcp:// with TLS a build with a secret mount gets its secret through the BuildKit session', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devstack-tls-build-'));
    writeFileSync(join(dir, 'token.txt'), 'tls-secret-value');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox:latest\nRUN --mount=type=secret,id=token test "$(cat /run/secrets/token | wc -c)" -eq 16\n');
    writeFileSync(
      join(dir, 'compose.yaml'),
      'services:\n  app:\n    build:\n      context: .\n      secrets: [token]\nsecrets:\n  token:\n    file: ./token.txt\n',
    );
    const env = only({ DOCKER_HOST: 'tcp://127.0.0.1:23760', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: TLS_CLIENT });
    const name = `t${Date.now().toString(36)}`;
    const r = await devstack(['build', '-p', name, '--no-cache'], dir, env);
    // Before the session read the TLS connection as a plain stream, the engine said
    // "error reading server preface: http2: frame too large" at the secret's step.
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr + r.stdout).not.toContain('tls-secret-value');
  });

  it.skipIf(lacks('engines'))('on a remote engine, up names the services whose bind mounts will not see local files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devstack-remote-'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(
      join(dir, 'compose.yaml'),
      'services:\n  app:\n    image: busybox:latest\n    command: ["sleep", "3600"]\n    stop_signal: SIGKILL\n    volumes:\n      - ./src:/app\n',
    );
    const env = only({ DOCKER_HOST: 'tcp://127.0.0.1:23760', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: TLS_CLIENT });
    const name = `r${Date.now().toString(36)}`;
    try {
      const r = await devstack(['up', '-p', name], dir, env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`warning: app: the engine runs on 127.0.0.1, so its bind mounts (${join(dir, 'src')} -> /app) name folders there`);
      expect(r.stderr).toContain('develop.watch');
    } finally {
      await devstack(['down', '-p', name], dir, env);
    }
  });
});
