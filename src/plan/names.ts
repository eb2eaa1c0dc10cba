import type { StackSpec } from '../model/stack.js';

export function networkName(stack: StackSpec): string {
  return `${stack.name}_default`;
}
