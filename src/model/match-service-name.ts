import { closest } from './did-you-mean.js';

/**
 * What the user typed on the command line → a service name. A full name always wins; otherwise an
 * unambiguous prefix does; a wrong name comes back with the nearest one to suggest.
 */
export type NameMatch = { kind: 'found'; name: string } | { kind: 'ambiguous'; candidates: string[] } | { kind: 'unknown'; nearest: string | undefined };

export function matchServiceName(typed: string, names: readonly string[]): NameMatch {
  if (names.includes(typed)) return { kind: 'found', name: typed };
  const prefixed = names.filter((name) => name.startsWith(typed));
  if (prefixed.length === 1) return { kind: 'found', name: prefixed[0]! };
  if (prefixed.length > 1) return { kind: 'ambiguous', candidates: [...prefixed].sort() };
  return { kind: 'unknown', nearest: closest(typed, names) };
}
