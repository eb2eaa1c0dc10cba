import type { DoctorInputs } from '../inputs.js';
import { fail, ok, type Outcome } from '../outcome.js';

/** The loader already finds unset `${VAR:?}` variables and every other problem; each becomes a failed check. */
export function checkVariables(inputs: DoctorInputs): Outcome[] {
  if (inputs.configError) {
    return inputs.configError.problems.map((p) =>
      fail('config', `${p.line > 0 ? `${p.file}:${p.line}:${p.column}` : p.file} ${p.path ? `${p.path}: ` : ''}${p.message}`, p.hint ?? 'fix the stack file or set the variable in .env'),
    );
  }
  const count = Object.keys(inputs.stack?.services ?? {}).length;
  return [ok('config', `the stack loads: ${count} ${count === 1 ? 'service' : 'services'}, every required variable set`)];
}
