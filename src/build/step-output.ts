import { LEGACY_STEP } from '../engine/builder-words.js';
import type { Reporter } from '../run/events.js';

/** A BuildKit step's finished line (`[2/5] RUN npm ci: done 1.2s`); the legacy builder's are LEGACY_STEP. */
const BUILDKIT_STEP = /^\[[^\]]*\d+\/\d+\] /;

/**
 * In a terminal a build shows one line per Dockerfile step, not every line the step prints; the full output
 * is kept per service and handed back when that service's build fails, so nothing needed to fix it is lost.
 */
export function collapsedBuildOutput(inner: Reporter): { reporter: Reporter; failedOutput(): Array<{ service: string; lines: string[] }> } {
  const lines = new Map<string, string[]>();
  const failed: string[] = [];
  const reporter: Reporter = (event) => {
    if (event.type === 'service' && event.phase === 'failed') failed.push(event.service);
    if (event.type !== 'output') return inner(event);
    const kept = lines.get(event.service) ?? [];
    kept.push(event.line);
    lines.set(event.service, kept);
    if (LEGACY_STEP.test(event.line) || BUILDKIT_STEP.test(event.line)) inner({ type: 'progress', service: event.service, detail: event.line });
  };
  return { reporter, failedOutput: () => failed.map((service) => ({ service, lines: lines.get(service) ?? [] })) };
}
