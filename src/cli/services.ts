import { AmbiguousServiceError, UnknownServiceError } from '../errors.js';
import { matchServiceName } from '../model/match-service-name.js';
import type { StackSpec } from '../model/stack.js';

/** The services named on the command line, each by its full name or an unambiguous prefix; none named means none. */
export function resolveServices(stack: StackSpec, typed: string[]): string[] {
  const names = Object.keys(stack.services);
  const resolved = typed.map((word) => {
    const match = matchServiceName(word, names);
    if (match.kind === 'ambiguous') throw new AmbiguousServiceError(word, match.candidates);
    if (match.kind === 'unknown') throw new UnknownServiceError(word, match.nearest, names);
    return match.name;
  });
  return [...new Set(resolved)];
}

export function resolveService(stack: StackSpec, typed: string): string {
  return resolveServices(stack, [typed])[0]!;
}
