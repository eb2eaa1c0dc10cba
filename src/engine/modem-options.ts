import { existsSync, readFileSync } from 'node:fs';
import { Agent as HttpsAgent } from 'node:https';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { EngineEndpoint, EngineTls } from './endpoint.js';
import { EngineSettingError } from './settings-errors.js';
import { readKnownHosts } from './known-hosts.js';
import { sshAgent, type SshConfig } from './ssh-agent.js';

interface TlsFiles {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/** ca.pem, cert.pem and key.pem as the Docker CLI reads them: ca.pem needed to verify, cert and key both or neither. */
function readTlsFiles(tls: EngineTls): TlsFiles {
  const dir = tls.certPath;
  const read = (name: string): Buffer | undefined => {
    if (!dir) return undefined;
    const path = join(dir, name);
    return existsSync(path) ? readFileSync(path) : undefined;
  };
  const files = { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') };
  if (tls.verify && !files.ca) {
    throw new EngineSettingError(
      tls.setting,
      `no ca.pem in ${dir ?? '(no folder)'} to check the engine's certificate with.`,
      'Put the CA certificate there as ca.pem (or point DOCKER_CERT_PATH at the folder that has it).',
    );
  }
  if (Boolean(files.cert) !== Boolean(files.key)) {
    throw new EngineSettingError(
      tls.setting,
      `${dir} has ${files.cert ? 'cert.pem but no key.pem' : 'key.pem but no cert.pem'}.`,
      'Give both the client certificate and its key, or neither.',
    );
  }
  return Object.fromEntries(Object.entries(files).filter(([, v]) => v)) as TlsFiles;
}

/** The keys ssh would try by itself when no agent answers: ssh2 reads none on its own. */
function defaultIdentity(home: string): Buffer | undefined {
  for (const name of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
    const path = join(home, '.ssh', name);
    if (existsSync(path)) return readFileSync(path);
  }
  return undefined;
}

/** Who we are to an ssh:// engine: the agent when there is one (for a context too), else the default key. */
export function sshConfig(url: URL, env: Record<string, string | undefined>, home: string): SshConfig {
  const agent = env.SSH_AUTH_SOCK || undefined;
  const privateKey = agent ? undefined : defaultIdentity(home);
  return {
    host: url.hostname,
    port: Number(url.port || 22),
    username: decodeURIComponent(url.username) || userInfo().username,
    ...(agent ? { agent } : {}),
    ...(privateKey ? { privateKey } : {}),
    knownHosts: readKnownHosts(home),
  };
}

/**
 * dockerode's options for an endpoint. Everything is spelled out: docker-modem fills what we leave
 * empty from DOCKER_HOST alone (it knows no contexts, ignores DOCKER_TLS_VERIFY=0 and uses the ssh agent
 * only when DOCKER_HOST is ssh://).
 */
export function modemOptions(endpoint: EngineEndpoint, env: Record<string, string | undefined> = process.env, home = homedir()): Docker.DockerOptions {
  const url = new URL(endpoint.url);
  if (url.protocol === 'unix:' || url.protocol === 'npipe:') return { socketPath: url.pathname };
  if (url.protocol === 'ssh:') {
    const config = sshConfig(url, env, home);
    return { protocol: 'http', host: config.host, port: config.port, agent: sshAgent(config) } as Docker.DockerOptions;
  }
  const tls = endpoint.tls;
  const base = { host: url.hostname, port: Number(url.port || (tls ? 2376 : 2375)) };
  if (!tls) return { ...base, protocol: 'http' };
  const files = readTlsFiles(tls);
  if (tls.verify) return { ...base, protocol: 'https', ...files };
  // Not verifying the server is an agent's option in Node, not a request's.
  return { ...base, protocol: 'https', ...files, agent: new HttpsAgent({ rejectUnauthorized: false, ...files }) } as Docker.DockerOptions;
}
