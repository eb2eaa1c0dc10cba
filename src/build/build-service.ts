import { LABEL_PROJECT, LABEL_PROJECT_DIR, LABEL_TARGET, type Engine } from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';
import { imageFor } from '../plan/desired-container.js';
import { buildContext } from './context.js';

export interface BuildRequest {
  /** A Dockerfile stage instead of the service's build.target (or the final stage). */
  target?: string;
  noCache?: boolean;
  pull?: boolean;
  /** Cancels the build on the engine (Ctrl-C during `up` or `watch`). */
  signal?: AbortSignal;
}

/**
 * Builds one service's image with the engine's layer cache. The image carries our project labels, so `clean`
 * finds its leftovers, and the stage it was built to, which the legacy builder records nowhere else. Only
 * those: the legacy builder runs one container per label to add it.
 */
export async function buildServiceImage(engine: Engine, stack: StackSpec, service: string, request: BuildRequest, onLine: (line: string) => void): Promise<string> {
  const spec = stack.services[service]!;
  const build = spec.build!;
  const target = request.target ?? build.target;
  return engine.buildImage(
    buildContext(build.context, build.dockerfile),
    {
      tag: imageFor(stack, spec),
      dockerfile: build.dockerfile,
      ...(target ? { target } : {}),
      buildArgs: build.args,
      labels: {
        ...build.labels,
        [LABEL_PROJECT]: stack.name,
        [LABEL_PROJECT_DIR]: stack.projectDir,
        ...(target ? { [LABEL_TARGET]: target } : {}),
      },
      ...(request.noCache ? { noCache: true } : {}),
      ...(request.pull ? { pull: true } : {}),
    },
    onLine,
    request.signal,
  );
}
