import type { ServiceLogLine } from './log-line.js';

/**
 * Merges each service's lines (each list already in time order, as the engine gives them) into one
 * list in time order. Equal times keep the order of the lists, so the result is stable.
 */
export function mergeByTime(lists: ServiceLogLine[][]): ServiceLogLine[] {
  const heads = lists.map(() => 0);
  const merged: ServiceLogLine[] = [];
  for (;;) {
    let pick = -1;
    for (let i = 0; i < lists.length; i += 1) {
      const line = lists[i]![heads[i]!];
      if (line && (pick < 0 || line.time < lists[pick]![heads[pick]!]!.time)) pick = i;
    }
    if (pick < 0) return merged;
    merged.push(lists[pick]![heads[pick]!]!);
    heads[pick]! += 1;
  }
}
