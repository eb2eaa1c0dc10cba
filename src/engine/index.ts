import { DockerEngine } from './docker-engine.js';
import { resolveEndpoint } from './endpoint.js';
import type { Engine } from './types.js';

export * from './types.js';
export { resolveEndpoint } from './endpoint.js';

/** The one door to the engine; dockerode itself is loaded only here, and only when a command needs it. */
export async function connectEngine(env: Record<string, string | undefined> = process.env): Promise<Engine> {
  return DockerEngine.connect(resolveEndpoint(env));
}
