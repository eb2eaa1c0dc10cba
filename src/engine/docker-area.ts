import type Docker from 'dockerode';
import { DevstackError, EngineError, EngineUnavailableError } from '../errors.js';
import type { EngineEndpoint } from './endpoint.js';
import { debug } from './debug-log.js';
import { engineText, typedEngineError } from './engine-errors.js';

interface DockerodeError {
  statusCode?: number;
  json?: { message?: string } | null;
  reason?: string;
  code?: string;
  message: string;
}

function engineMessage(error: unknown): string {
  return engineText(error as DockerodeError);
}

function statusOf(error: unknown): number | undefined {
  return (error as DockerodeError).statusCode;
}

const CONNECTION_CODES = new Set(['ENOENT', 'ECONNREFUSED', 'EACCES', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);

export function labelFilter(labels: Record<string, string | true>): string[] {
  return Object.entries(labels).map(([key, value]) => (value === true ? key : `${key}=${value}`));
}

/**
 * Whether an object's labels carry every wanted label (true: the key with any value). The engine's
 * own filter is not trusted alone: Podman 4.3 answered a volume list filtered by project AND staging
 * label with the project's data volume too, which snapshot's clean-up then tried to remove.
 */
export function hasLabels(labels: Record<string, string> | null | undefined, wanted: Record<string, string | true>): boolean {
  return Object.entries(wanted).every(([key, value]) => labels != null && Object.hasOwn(labels, key) && (value === true || labels[key] === value));
}

export function engineUnavailable(endpoint: EngineEndpoint, error: unknown): EngineUnavailableError {
  const e = error as DockerodeError;
  const where = `${endpoint.url} (from ${endpoint.source})`;
  const hint =
    e.code === 'EACCES'
      ? 'You may not use the Docker socket: add yourself to the docker group (then log in again), or run as root.'
      : endpoint.source === 'DOCKER_HOST'
        ? 'Start the engine there, or unset DOCKER_HOST to use the local one.'
        : 'Start Docker (on a bare Debian machine as root: `npm run engine`), or point DOCKER_HOST at a running engine.';
  return new EngineUnavailableError(where, e.code ? `${e.code}: ${e.message}` : e.message, hint);
}

/** What an area needs to know of the engine to speak its dialect: the API version, and whether it is Podman's. */
export interface EngineFacts {
  apiVersion: string;
  /** Podman's product name, with its version (`Podman 4.3.1`), when the engine is Podman. */
  podman?: string;
}

/** One /version answer per engine client, shared by its areas: asked when one of them first needs it. */
const factsOf = new WeakMap<Docker, Promise<EngineFacts>>();

/** One area of DockerEngine (containers, images, ...): every area makes its calls, and reads their failures, the same way. */
export abstract class DockerArea {
  constructor(
    protected readonly docker: Docker,
    protected readonly endpoint: EngineEndpoint,
  ) {}

  protected engineFacts(): Promise<EngineFacts> {
    let facts = factsOf.get(this.docker);
    if (!facts) {
      facts = this.call('version', () => this.docker.version()).then((version) => ({
        apiVersion: version.ApiVersion,
        ...(/podman/i.test(version.Components?.[0]?.Name ?? '') ? { podman: `Podman ${version.Version}` } : {}),
      }));
      facts.catch(() => factsOf.delete(this.docker));
      factsOf.set(this.docker, facts);
    }
    return facts;
  }

  protected unavailable(error: unknown): EngineUnavailableError {
    return engineUnavailable(this.endpoint, error);
  }

  /** Logs the call, makes it, and translates a failure into one of our errors. */
  protected async call<T>(operation: string, run: () => Promise<T>, kind: 'pull' | 'call' = 'call'): Promise<T> {
    debug('engine', operation);
    try {
      const result = await run();
      debug('engine', `${operation}: ok`);
      return result;
    } catch (error) {
      debug('engine', `${operation}: ${engineMessage(error)}`);
      // Already typed where the engine's answer was read (a build's own errors).
      if (error instanceof DevstackError) throw error;
      if (CONNECTION_CODES.has((error as DockerodeError).code ?? '')) throw this.unavailable(error);
      throw typedEngineError(operation, statusOf(error), engineMessage(error), kind);
    }
  }

  /** Same as call(), but a 404 means "not there" rather than failure. */
  protected async optional<T>(operation: string, run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await this.call(operation, run);
    } catch (error) {
      if (error instanceof EngineError && error.statusCode === 404) return undefined;
      throw error;
    }
  }
}
