import type { StackSpec } from './stack.js';

/** A service plus everything it depends on, transitively: what `up api` must bring up. */
export function withDependencies(stack: StackSpec, names: string[]): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const dep of Object.keys(stack.services[name]?.dependsOn ?? {})) visit(dep);
  };
  names.forEach(visit);
  return Object.keys(stack.services).filter((name) => seen.has(name));
}

/** Services that depend on `name`, directly. */
export function dependentsOf(stack: StackSpec, name: string): string[] {
  return Object.values(stack.services)
    .filter((service) => name in service.dependsOn)
    .map((service) => service.name);
}
