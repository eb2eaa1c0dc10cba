import type { ConfigProblem as Problem } from '../../errors.js';
import type { DoctorInputs } from '../inputs.js';
import { unsetVariable } from '../unset-variable.js';
import { fail, ok, type Outcome } from '../outcome.js';

function place(p: Problem): string {
  return `${p.line > 0 ? `${p.file}:${p.line}:${p.column}` : p.file} ${p.path ? `${p.path}: ` : ''}`;
}

/**
 * The loader already finds unset `${VAR:?}` and `${VAR}` variables and every other problem; each becomes a
 * failed check, a missing variable under its own name so it stands out from a typo in the file.
 */
export function checkVariables(inputs: DoctorInputs): Outcome[] {
  if (inputs.configError) {
    return inputs.configError.problems.map((p) => {
      const name = unsetVariable(p);
      if (name) return fail('variables', `${name} is not set (${place(p).trim()} ${p.message})`, p.hint ?? `set ${name} in .env`);
      return fail('config', `${place(p)}${p.message}`, p.hint ?? 'fix the stack file');
    });
  }
  const count = Object.keys(inputs.stack?.services ?? {}).length;
  return [ok('config', `the stack loads: ${count} ${count === 1 ? 'service' : 'services'}, every required variable set`)];
}
