import type { Context } from './read-context.js';
import type { DependencyRef } from './depends-on.js';
import { didYouMean } from '../model/did-you-mean.js';
import { findCycles } from './graph.js';

/** Checks that need every service: dependencies on services that do not exist, and dependency cycles. */
export function checkDependencies(refs: ReadonlyMap<string, DependencyRef[]>, ctx: Context): void {
  const names = [...refs.keys()];
  for (const ref of [...refs.values()].flat()) {
    if (refs.has(ref.service)) continue;
    const hint = didYouMean(ref.service, names) ?? `services in this stack: ${names.join(', ') || 'none'}`;
    ctx.problems.add(ref.at, ref.path, `depends on "${ref.service}", which is not a service in this stack`, hint);
  }
  const edges = new Map([...refs].map(([name, list]) => [name, list.map((ref) => ref.service)]));
  for (const cycle of findCycles(edges)) {
    const [from, to] = cycle;
    const ref = refs.get(from!)!.find((candidate) => candidate.service === to)!;
    ctx.problems.add(ref.at, ref.path, `dependency cycle: ${cycle.join(' → ')}`, 'remove one of these depends_on entries');
  }
}
