import { LABEL_PROJECT, type Engine } from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';
import { buildContext } from './context.js';

/**
 * Builds a service's image under `ref` with the engine's layer cache, the context sent with
 * .dockerignore applied. Throws BuildFailedError (carrying the build's last lines) on failure.
 */
export function buildServiceImage(engine: Engine, stack: StackSpec, service: string, ref: string, onLine: (line: string) => void, signal?: AbortSignal): Promise<string> {
  const build = stack.services[service]!.build!;
  return engine.buildImage(
    buildContext(build.context, build.dockerfile),
    { tag: ref, dockerfile: build.dockerfile, ...(build.target ? { target: build.target } : {}), buildArgs: build.args, labels: { ...build.labels, [LABEL_PROJECT]: stack.name } },
    onLine,
    signal,
  );
}
