import { parseTemplate, TemplateSyntaxError, type Part, type Substitution } from './template.js';

export interface InterpolationError {
  message: string;
  hint?: string;
  /** A plain `${VAR}` with VAR unset: an error for us, "" for Compose (`--allow-unset`). */
  unset?: boolean;
}

export interface Interpolated {
  value: string;
  errors: InterpolationError[];
}

/**
 * Compose's `${VAR}` forms, except that an unset variable without a default is an error rather than ""
 * unless `allowUnset` (Compose's behaviour, minus its warning).
 */
export function interpolate(text: string, lookup: (name: string) => string | undefined, allowUnset = false): Interpolated {
  if (!text.includes('$')) return { value: text, errors: [] };
  let parts: Part[];
  try {
    parts = parseTemplate(text);
  } catch (error) {
    if (!(error instanceof TemplateSyntaxError)) throw error;
    return { value: text, errors: [{ message: error.message, hint: 'write $$ for a literal $, and ${NAME} or ${NAME:-default} for a variable' }] };
  }
  const errors: InterpolationError[] = [];
  const value = evaluate(parts, lookup, errors);
  return { value, errors: errors.filter((error) => !(allowUnset && error.unset)).map(({ unset: _unset, ...error }) => error) };
}

function evaluate(parts: Part[], lookup: (name: string) => string | undefined, errors: InterpolationError[]): string {
  return parts.map((part) => (typeof part === 'string' ? part : substitute(part, lookup, errors))).join('');
}

function substitute(sub: Substitution, lookup: (name: string) => string | undefined, errors: InterpolationError[]): string {
  const value = lookup(sub.name);
  const word = () => evaluate(sub.word, lookup, errors);
  const setAndNonEmpty = value !== undefined && value !== '';
  switch (sub.op) {
    case undefined:
      if (value === undefined) {
        errors.push({ unset: true, message: `variable ${sub.name} is not set`, hint: `set ${sub.name} in the environment or .env, or write \${${sub.name}:-default}` });
      }
      return value ?? '';
    case ':-':
      return setAndNonEmpty ? value : word();
    case '-':
      return value ?? word();
    case ':?':
    case '?':
      if (sub.op === ':?' ? !setAndNonEmpty : value === undefined) {
        errors.push({ message: word() || `required variable ${sub.name} is missing a value`, hint: `set ${sub.name} in the environment or .env` });
      }
      return value ?? '';
    case ':+':
      return setAndNonEmpty ? word() : '';
    case '+':
      return value === undefined ? '' : word();
  }
}
