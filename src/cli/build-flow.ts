import { budgetCell, checkBudgets, type BuiltImage } from '../build/budget.js';
import { buildImages, servicesToBuild } from '../build/build-images.js';
import { collapsedBuildOutput } from '../build/step-output.js';
import { formatBytes } from '../model/bytes.js';
import { renderTable } from '../ui/table.js';
import { changing } from './changing.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './load-stack.js';
import { reporterFor } from './reporter-for.js';
import { resolveServices } from './services.js';
import { print, say } from '../ui/output.js';
import type { StackSpec } from '../model/stack.js';
import { printResult } from './result-event.js';
import { formatElapsed } from '../model/elapsed.js';

export interface BuildFlags extends StackFlags {
  services: string[];
  target?: string;
  'no-cache': boolean;
  pull: boolean;
  builder?: 'buildkit' | 'legacy';
  json: boolean;
  /** False for --no-lock-wait: fail at once when another command is changing the project. */
  'lock-wait': boolean;
}

export interface BuildSummary {
  project: string;
  mode: string;
  images: BuiltImage[];
}

/** Builds the stack's images, prints the table (image, size, layers, time, budget), and fails on a budget overrun. */
export async function runBuild(flags: BuildFlags): Promise<BuildSummary> {
  const stack = await loadStackFromFlags(flags);
  return buildStack(stack, flags);
}

async function buildStack(stack: StackSpec, flags: BuildFlags): Promise<BuildSummary> {
  const services = servicesToBuild(stack, resolveServices(stack, flags.services));
  const summary: BuildSummary = { project: stack.name, mode: stack.mode ?? 'dev', images: [] };
  if (!services.length) {
    say(`Nothing to build: no service of ${stack.name} has a build: section.`);
    if (flags.json) printResult(summary);
    return summary;
  }
  const engine = await openEngine();
  const output = reporterFor(flags.json);
  // Where a task tree draws, a build shows its steps; plain lines and JSON keep every line.
  const steps = output.tree ? collapsedBuildOutput(output.reporter) : undefined;
  const request = {
    ...(flags.target ? { target: flags.target } : {}),
    noCache: flags['no-cache'],
    pull: flags.pull,
    ...(flags.builder ? { builder: flags.builder } : {}),
  };
  try {
    summary.images = await changing(stack, flags['lock-wait'], (signal) =>
      buildImages(engine, stack, services, { ...request, signal }, steps?.reporter ?? output.reporter),
    );
  } catch (error) {
    await output.finish();
    // The terminal showed one line per step; a failed build gets its whole output back.
    // The error itself repeats the last 15 lines; a longer output is printed whole first.
    for (const { service, lines } of (steps?.failedOutput() ?? []).filter((f) => f.lines.length > 15))
      say([`Build output of ${service}:`, ...lines.map((l) => `  | ${l}`)].join('\n'));
    throw error;
  }
  await output.finish();
  if (output.json) {
    // An image over its budget fails the build: the one result event says so, rather than ok first.
    checkBudgets(summary.images);
    printResult(summary);
    return summary;
  }
  print(buildTable(summary.images));
  checkBudgets(summary.images);
  return summary;
}

export function buildTable(images: BuiltImage[]): string {
  const budgets = images.some((i) => i.budgetBytes !== undefined);
  return renderTable(
    ['SERVICE', 'IMAGE', 'SIZE', 'LAYERS', 'BUILD TIME', 'CACHED', ...(budgets ? ['BUDGET'] : [])],
    images.map((i) => [
      i.service,
      `${i.image}${i.target ? ` (stage ${i.target})` : ''}`,
      formatBytes(i.sizeBytes),
      String(i.layers),
      formatElapsed(i.buildMs),
      // Steps served from the cache out of all steps; the legacy builder does not say.
      i.steps !== undefined ? `${i.cachedSteps ?? 0}/${i.steps}` : '-',
      ...(budgets ? [budgetCell(i)] : []),
    ]),
  );
}
