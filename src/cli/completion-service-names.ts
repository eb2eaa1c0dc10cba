import { loadStack } from '../config/index.js';
import { builtinProfilesDir } from './paths.js';

/**
 * The service names of the stack in `cwd`, for shell completion: read leniently (an unset variable is
 * no reason to offer nothing) and silently, since whatever is printed lands in the person's prompt.
 * No stack file, or one that does not load, offers no names.
 */
export async function serviceNames(cwd: string): Promise<string[]> {
  try {
    const stack = await loadStack({ cwd, env: process.env, builtinProfilesDir: builtinProfilesDir(), allowUnset: true, strict: false, onWarning: () => {} });
    return Object.keys(stack.services);
  } catch {
    return [];
  }
}
