import { existsSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';

type DockerCtor = typeof Docker;
type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

const require = createRequire(import.meta.url);

/**
 * Puts a stand-in for a CommonJS module whose export is one function into the require cache: the
 * real module is loaded on the first call. Nothing changes for callers but when the cost is paid.
 */
function deferFunctionModule(path: string): void {
  if (require.cache[path]) return;
  let real: AnyFunction | undefined;
  const standIn = function (this: unknown, ...args: unknown[]): unknown {
    if (!real) {
      delete require.cache[path];
      real = require(path) as AnyFunction;
    }
    return real.apply(this, args);
  };
  const stub = new Module(path);
  stub.filename = path;
  stub.loaded = true;
  stub.exports = standIn;
  require.cache[path] = stub;
}

/**
 * dockerode loads at import time gRPC and protobuf (its own BuildKit session, used only by a
 * `version: "2"` build, which we never ask for: devstack's builds run their own session,
 * buildkit-session.ts, loaded only by a build) and ssh2 (only for ssh:// engines): about half of its
 * import cost, paid by every command that talks to the engine. Both are loaded on first use instead.
 */
export function loadDockerode(): DockerCtor {
  // The bundle's own copy (scripts/bundle.mjs), with those parts deferred the same way, when this runs from dist/.
  const vendored = fileURLToPath(new URL('../vendor/dockerode.cjs', import.meta.url));
  if (existsSync(vendored)) return require(vendored) as DockerCtor;
  try {
    const dockerode = require.resolve('dockerode');
    deferFunctionModule(createRequire(dockerode).resolve('./session.js'));
    deferFunctionModule(createRequire(createRequire(dockerode).resolve('docker-modem')).resolve('./ssh.js'));
  } catch {
    // A different layout of the packages: load them all, as dockerode does by itself.
  }
  return require('dockerode') as DockerCtor;
}
