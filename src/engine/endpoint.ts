import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { EngineSettingError } from './settings-errors.js';

/** TLS as the Docker CLI does it: which folder holds ca.pem, cert.pem and key.pem, and where that came from. */
export interface EngineTls {
  /** false: the server's certificate is not checked (DOCKER_TLS_VERIFY=0, a context's SkipTLSVerify). */
  verify: boolean;
  /** The folder with ca.pem, cert.pem, key.pem; each file is optional, as with the Docker CLI. */
  certPath?: string;
  /** The setting the files come from, named in every message about them. */
  setting: string;
}

/** Where the engine is, and why we think so: the why goes into every message about it. */
export interface EngineEndpoint {
  url: string;
  source: string;
  tls?: EngineTls;
  /**
   * The engine runs on another machine as far as we can know (tcp://, ssh://): bind mounts name its
   * folders, not ours, and published ports are on its addresses.
   */
  remote?: boolean;
}

const DEFAULT_SOCKET = 'unix:///var/run/docker.sock';
const SCHEMES = new Set(['unix:', 'tcp:', 'ssh:', 'npipe:']);

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

interface ContextMeta {
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
}

/** Values that switch a flag off; the Docker CLI takes any non-empty value as on, which surprises people who wrote 0. */
function isOff(value: string): boolean {
  return /^(0|false|no|off)$/i.test(value.trim());
}

/**
 * Checks a host URL the way the Docker CLI's parser would, so a typo is said here with the setting's
 * name rather than as a connection error later.
 */
export function checkHost(value: string, setting: string): string {
  const example = 'unix:///var/run/docker.sock, tcp://HOST:2376 or ssh://USER@HOST';
  const fix = `Set ${setting} to one of ${example}${setting === 'DOCKER_HOST' ? ', or unset it to use the local engine' : ''}.`;
  // The Docker CLI reads a bare HOST:PORT as tcp://HOST:PORT.
  if (!value.includes('://') && !value.includes('/')) value = `tcp://${value}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new EngineSettingError(setting, `"${value}" is not an engine address.`, fix);
  }
  if (!SCHEMES.has(url.protocol)) {
    throw new EngineSettingError(setting, `"${value}": devstack cannot reach an engine over ${url.protocol.slice(0, -1)}://.`, fix);
  }
  if ((url.protocol === 'unix:' || url.protocol === 'npipe:') && !url.pathname) {
    throw new EngineSettingError(setting, `"${value}" names no socket path.`, fix);
  }
  if ((url.protocol === 'tcp:' || url.protocol === 'ssh:') && !url.hostname) {
    throw new EngineSettingError(setting, `"${value}" names no host.`, fix);
  }
  if (url.protocol === 'tcp:' && url.pathname && url.pathname !== '/') {
    throw new EngineSettingError(setting, `"${value}": a tcp:// address takes no path (${url.pathname}).`, fix);
  }
  return value;
}

/** A cert folder given by a setting must exist: the Docker CLI refuses to go on without it, and so do we. */
function certFolder(dir: string, setting: string): string {
  if (!existsSync(dir)) {
    throw new EngineSettingError(setting, `the folder ${dir} does not exist.`, `Point ${setting} at the folder holding ca.pem, cert.pem and key.pem.`);
  }
  return dir;
}

/** DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, with the CLI's fallback to the config folder (~/.docker) for the files. */
function envTls(env: Record<string, string | undefined>, configDir: string): EngineTls | undefined {
  const verifyValue = env.DOCKER_TLS_VERIFY;
  const certPath = env.DOCKER_CERT_PATH || undefined;
  if (!verifyValue && !certPath) return undefined;
  const verify = verifyValue ? !isOff(verifyValue) : true;
  if (certPath) return { verify, certPath: certFolder(certPath, 'DOCKER_CERT_PATH'), setting: 'DOCKER_CERT_PATH' };
  return { verify, certPath: configDir, setting: `DOCKER_TLS_VERIFY (files from ${configDir}, as DOCKER_CERT_PATH is unset)` };
}

/** The Docker CLI keeps a context under the SHA-256 of its name: meta/<sha>/meta.json and tls/<sha>/docker/*.pem. */
function contextEndpoint(configDir: string, name: string, setting: string): EngineEndpoint {
  if (name === 'default') return { url: DEFAULT_SOCKET, source: `Docker context "default" (from ${setting})`, remote: false };
  const digest = createHash('sha256').update(name).digest('hex');
  const metaPath = join(configDir, 'contexts', 'meta', digest, 'meta.json');
  const meta = readJson(metaPath) as ContextMeta | undefined;
  if (!meta) {
    throw new EngineSettingError(
      setting,
      `the Docker context "${name}" does not exist (no ${metaPath}).`,
      setting === 'DOCKER_CONTEXT'
        ? 'Unset DOCKER_CONTEXT, or set it to a context that `docker context ls` lists.'
        : 'Run `docker context use default`, or create the context with `docker context create`.',
    );
  }
  const docker = meta.Endpoints?.docker;
  const source = `Docker context "${name}" (from ${setting})`;
  if (!docker?.Host) return { url: DEFAULT_SOCKET, source, remote: false };
  const url = checkHost(docker.Host, `the Docker context "${name}"`);
  const tlsDir = join(configDir, 'contexts', 'tls', digest, 'docker');
  const skip = docker.SkipTLSVerify === true;
  const tls =
    existsSync(tlsDir) || skip ? { verify: !skip, ...(existsSync(tlsDir) ? { certPath: tlsDir } : {}), setting: `the Docker context "${name}"` } : undefined;
  return { url, source, ...(tls ? { tls } : {}), remote: isRemote(url) };
}

function isRemote(url: string): boolean {
  return url.startsWith('tcp:') || url.startsWith('ssh:');
}

/** Same precedence as the Docker CLI: DOCKER_HOST, then DOCKER_CONTEXT, then the config's current context. */
export function resolveEndpoint(env: Record<string, string | undefined>, home = homedir()): EngineEndpoint {
  const configDir = env.DOCKER_CONFIG || join(home, '.docker');
  if (env.DOCKER_HOST) {
    const url = checkHost(env.DOCKER_HOST, 'DOCKER_HOST');
    const tls = url.startsWith('tcp:') ? envTls(env, configDir) : undefined;
    return { url, source: 'DOCKER_HOST', ...(tls ? { tls } : {}), remote: isRemote(url) };
  }
  if (env.DOCKER_CONTEXT) return contextEndpoint(configDir, env.DOCKER_CONTEXT, 'DOCKER_CONTEXT');
  const config = readJson(join(configDir, 'config.json')) as { currentContext?: string } | undefined;
  if (config?.currentContext && config.currentContext !== 'default') {
    return contextEndpoint(configDir, config.currentContext, `currentContext in ${join(configDir, 'config.json')}`);
  }
  return { url: DEFAULT_SOCKET, source: 'the default socket', remote: false };
}
