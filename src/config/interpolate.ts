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

/** `unusedWord`: the text is thrown away, so only its required-variable failures count, not its unset ones. */
function evaluate(parts: Part[], lookup: (name: string) => string | undefined, errors: InterpolationError[], unusedWord = false): string {
  const found: InterpolationError[] = [];
  const text = parts.map((part) => (typeof part === 'string' ? part : substitute(part, lookup, found))).join('');
  errors.push(...(unusedWord ? found.filter((error) => !error.unset) : found));
  return text;
}

function substitute(sub: Substitution, lookup: (name: string) => string | undefined, errors: InterpolationError[]): string {
  const value = lookup(sub.name);
  const word = () => evaluate(sub.word, lookup, errors);
  // Compose evaluates a word even where it is not used: a missing required variable in it still fails.
  const unused = (result: string) => {
    evaluate(sub.word, lookup, errors, true);
    return result;
  };
  const setAndNonEmpty = value !== undefined && value !== '';
  switch (sub.op) {
    case undefined:
      if (value === undefined) {
        errors.push({
          unset: true,
          message: `variable ${sub.name} is not set`,
          hint: `set ${sub.name} in the environment or .env, or write \${${sub.name}:-default}`,
        });
      }
      return value ?? '';
    case ':-':
      return setAndNonEmpty ? unused(value) : word();
    case '-':
      return value !== undefined ? unused(value) : word();
    case ':?':
    case '?':
      if (sub.op === ':?' ? !setAndNonEmpty : value === undefined) {
        errors.push({ message: word() || `required variable ${sub.name} is missing a value`, hint: `set ${sub.name} in the environment or .env` });
      } else {
        unused('');
      }
      return value ?? '';
    case ':+':
      return setAndNonEmpty ? word() : unused('');
    case '+':
      return value === undefined ? unused('') : word();
  }
}
