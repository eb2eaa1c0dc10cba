/** A person fixes a few cycles at a time; a hostile file could otherwise ask for millions of paths. */
const MAX_CYCLES = 50;

/**
 * The cycles closed by back edges of a depth-first walk, as the path around each: ['a', 'b', 'a'].
 * Iterative, so a long chain of services cannot overflow the call stack.
 */
export function findCycles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  /** A node's index in the walk's path while it is on it, 'done' once all its edges are walked. */
  const state = new Map<string, number | 'done'>();
  for (const start of edges.keys()) {
    if (state.has(start)) continue;
    const path: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    state.set(start, 0);
    while (path.length > 0) {
      const frame = path[path.length - 1]!;
      const targets = edges.get(frame.node) ?? [];
      if (frame.next >= targets.length) {
        state.set(frame.node, 'done');
        path.pop();
        continue;
      }
      const target = targets[frame.next++]!;
      const seen = state.get(target);
      if (!edges.has(target) || seen === 'done') continue;
      if (seen !== undefined) {
        cycles.push([...path.slice(seen).map((f) => f.node), target]);
        if (cycles.length === MAX_CYCLES) return cycles;
        continue;
      }
      state.set(target, path.length);
      path.push({ node: target, next: 0 });
    }
  }
  return cycles;
}
