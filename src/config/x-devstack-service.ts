import type { Context } from './read-context.js';
import { readCommand } from './service-fields.js';
import { readString } from './readers.js';
import { parseImageSize } from './size.js';
import { childPath, type MapNode } from './tree.js';

export interface ServiceExtras {
  sizeBudgetBytes?: number;
  testCommand?: string[];
}

/**
 * The fields of a service's `x-devstack:` block that other commands act on, read with their positions
 * so a bad value is a file:line:col error: `size_budget` (for `build`) and `test` (for `devstack test`).
 * The block's other keys belong to their own readers (debug, endpoints, docker_socket).
 */
export function readServiceExtras(service: MapNode, path: string, ctx: Context): ServiceExtras {
  const block = service.entries.get('x-devstack')?.value;
  if (block?.kind !== 'map') return {};
  const base = childPath(path, 'x-devstack');
  const extras: ServiceExtras = {};
  const budget = block.entries.get('size_budget')?.value;
  if (budget) {
    const at = childPath(base, 'size_budget');
    const text = readString(budget, at, ctx);
    const bytes = text === undefined ? undefined : parseImageSize(text);
    if (text !== undefined && bytes === undefined)
      ctx.problems.add(budget.at, at, `invalid size budget "${text}"`, 'write a size such as 20MB, 150MB or 1.5GB');
    if (bytes !== undefined) extras.sizeBudgetBytes = bytes;
  }
  const test = block.entries.get('test')?.value;
  if (test) {
    const command = readCommand(test, childPath(base, 'test'), ctx);
    if (command) extras.testCommand = command;
  }
  return extras;
}
