import { loadStack, type LoadOptions } from '../config/index.js';
import { ConfigError } from '../errors.js';
import type { StackSpec } from '../model/stack.js';
import { unsetVariable } from '../doctor/unset-variable.js';

/** Fits where a number, a name or a word is expected, so the stack still loads for the static rules. */
const PLACEHOLDER = '1';

/**
 * The checklist needs no secrets: where the only problems are variables this shell has not set (CI has no
 * .env), they are filled with a placeholder and named, instead of refusing to check. Any other problem,
 * or one the placeholder causes, is reported as the loader found it.
 */
export async function loadForCheck(options: LoadOptions): Promise<{ stack: StackSpec; placeholders: string[] }> {
  try {
    return { stack: await loadStack(options), placeholders: [] };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const names = error.problems.map(unsetVariable);
    if (names.length === 0 || names.some((name) => name === undefined)) throw error;
    const placeholders = [...new Set(names as string[])];
    const env = { ...options.env, ...Object.fromEntries(placeholders.map((name) => [name, PLACEHOLDER])) };
    const stack = await loadStack({ ...options, env }).catch(() => {
      throw error;
    });
    return { stack, placeholders };
  }
}
