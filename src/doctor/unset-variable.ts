import type { ConfigProblem } from '../errors.js';

/** The variable a config problem is about when it is an unset one: the interpolator's hint names it (`set NAME in the environment or .env`). */
export function unsetVariable(problem: ConfigProblem): string | undefined {
  return /^set (\w+) in the environment or \.env/.exec(problem.hint ?? '')?.[1];
}
