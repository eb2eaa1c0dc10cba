import { InterruptedError, mergeErrors, UsageError } from '../errors.js';
import type { BuildResult, Engine } from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';
import { imageFor } from '../plan/desired-container.js';
import type { Reporter } from '../run/events.js';
import { walk } from '../run/walk.js';
import type { BuiltImage } from './budget.js';
import { buildServiceImage, type BuildRequest } from './build-service.js';

/** The services `build` acts on: those named, or every one with `build:`; one per image, as services may share one. */
export function servicesToBuild(stack: StackSpec, named: string[]): string[] {
  for (const name of named) {
    if (!stack.services[name]!.build) {
      throw new UsageError(
        `Service ${name} has no build: section, so there is nothing to build`,
        `It runs the image ${stack.services[name]!.image ?? '?'}; \`devstack up\` pulls it.`,
      );
    }
  }
  const candidates = named.length ? named : Object.keys(stack.services).filter((name) => stack.services[name]!.build);
  const seen = new Set<string>();
  return candidates.filter((name) => {
    const image = imageFor(stack, stack.services[name]!);
    if (seen.has(image)) return false;
    seen.add(image);
    return true;
  });
}

/**
 * Builds the images side by side, each with its steps reported as output events, and measures them.
 * Every build runs to its end even when another fails, so one run shows every broken Dockerfile.
 */
export async function buildImages(engine: Engine, stack: StackSpec, services: string[], request: BuildRequest, report: Reporter): Promise<BuiltImage[]> {
  report({ type: 'plan', services: services.map((service) => ({ service, action: 'build', reason: 'asked' })) });
  const result = await walk({
    services,
    edges: () => [],
    visit: async (service): Promise<BuiltImage> => {
      const spec = stack.services[service]!;
      const image = imageFor(stack, spec);
      const started = Date.now();
      report({ type: 'service', service, phase: 'building', detail: image });
      let built: BuildResult;
      try {
        built = await buildServiceImage(
          engine,
          stack,
          service,
          request,
          (line) => report({ type: 'output', service, line }),
          (detail) => report({ type: 'progress', service, detail }),
          (message) => report({ type: 'note', level: 'warn', message: `${service}: ${message}` }),
        );
      } catch (error) {
        report({ type: 'service', service, phase: 'failed', detail: error instanceof Error ? error.message : String(error) });
        throw error;
      }
      const buildMs = Date.now() - started;
      const details = await engine.imageDetails(image);
      report({ type: 'service', service, phase: 'ready', detail: image, elapsedMs: buildMs });
      const target = request.target ?? spec.build!.target;
      return {
        service,
        image,
        sizeBytes: details?.sizeBytes ?? 0,
        layers: details?.layers ?? 0,
        buildMs,
        builder: built.builder,
        ...(built.steps !== undefined ? { steps: built.steps, cachedSteps: built.cachedSteps ?? 0 } : {}),
        ...(spec.sizeBudgetBytes !== undefined ? { budgetBytes: spec.sizeBudgetBytes } : {}),
        ...(target ? { target } : {}),
      };
    },
  });
  // Ctrl-C: each build was cancelled on the engine; BuildKit tags only at its end, so no image is half-made.
  if (request.signal?.aborted || result.interrupted)
    throw new InterruptedError(services.map((service) => ({ service, state: 'build cancelled, nothing tagged' })));
  if (result.errors.length) throw mergeErrors(result.errors);
  return [...result.outcomes.values()].flatMap((outcome) => (outcome.status === 'done' ? [outcome.value] : []));
}
