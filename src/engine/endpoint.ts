import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the engine is, and why we think so: the why goes into the "no engine" message. */
export interface EngineEndpoint {
  url: string;
  source: string;
  tls?: { verify: boolean; certPath?: string };
}

const DEFAULT_SOCKET = 'unix:///var/run/docker.sock';

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The Docker CLI stores a context's metadata under the SHA-256 of its name. */
function contextHost(configDir: string, name: string): string | undefined {
  const digest = createHash('sha256').update(name).digest('hex');
  const meta = readJson(join(configDir, 'contexts', 'meta', digest, 'meta.json')) as
    | { Endpoints?: { docker?: { Host?: string } } }
    | undefined;
  return meta?.Endpoints?.docker?.Host;
}

/** Same precedence as the Docker CLI: DOCKER_HOST, then DOCKER_CONTEXT, then the config's current context. */
export function resolveEndpoint(env: Record<string, string | undefined>, home = homedir()): EngineEndpoint {
  const tls = env.DOCKER_TLS_VERIFY
    ? { verify: env.DOCKER_TLS_VERIFY !== '0', ...(env.DOCKER_CERT_PATH ? { certPath: env.DOCKER_CERT_PATH } : {}) }
    : undefined;
  if (env.DOCKER_HOST) return { url: env.DOCKER_HOST, source: 'DOCKER_HOST', ...(tls ? { tls } : {}) };

  const configDir = env.DOCKER_CONFIG ?? join(home, '.docker');
  const config = readJson(join(configDir, 'config.json')) as { currentContext?: string } | undefined;
  const contextName = env.DOCKER_CONTEXT ?? config?.currentContext;
  if (contextName && contextName !== 'default') {
    const host = contextHost(configDir, contextName);
    if (host) return { url: host, source: `Docker context "${contextName}"` };
  }
  return { url: DEFAULT_SOCKET, source: 'the default socket' };
}
