import type { EngineEndpoint } from '../engine/endpoint.js';
import type { Engine } from '../engine/types.js';
import type { ConfigError, DevstackError } from '../errors.js';
import type { StackSpec } from '../model/stack.js';
import type { SocketProbe } from './checks/socket.js';

/** Everything the checks look at, gathered once; a stack or engine that failed to load is kept as its error. */
export interface DoctorInputs {
  /** The project folder: the stack's, or where doctor runs when the stack did not load. */
  projectDir: string;
  env: Record<string, string | undefined>;
  stack?: StackSpec;
  configError?: ConfigError;
  endpoint: EngineEndpoint;
  engine?: Engine;
  engineError?: DevstackError;
  /** Injected so tests can point the Linux checks at a fake /proc. */
  procRoot: string;
  now: () => number;
  /** Injected so tests can play a user outside the socket's group; the host's by default. */
  socketProbe?: SocketProbe;
}
