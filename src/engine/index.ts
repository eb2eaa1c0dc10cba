import { DockerEngine } from './docker-engine.js';
import { resolveEndpoint } from './endpoint.js';
import { InsecureEngineError } from '../errors.js';
import type { Engine } from './types.js';

export * from './types.js';
export { resolveEndpoint } from './endpoint.js';

/** The one door to the engine; dockerode itself is loaded only here, and only when a command needs it. */
export async function connectEngine(
  env: Record<string, string | undefined> = process.env,
  options: { insecure?: boolean; timeoutMs?: number } = {},
): Promise<Engine> {
  const endpoint = resolveEndpoint(env);
  if (endpoint.url.startsWith('tcp://') && !endpoint.tls && !options.insecure) throw new InsecureEngineError(endpoint.url);
  return DockerEngine.connect(endpoint, options.timeoutMs);
}
