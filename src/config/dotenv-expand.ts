import type { DotenvEntry } from './dotenv.js';
import { interpolate } from './interpolate.js';
import type { Problems } from './problems.js';

/**
 * Values of a .env or env_file as Compose reads them (compose-go `dotenv`): `${VAR}` forms are expanded in
 * unquoted and double-quoted values, from `lookup` first and then the file's earlier lines; an unset
 * variable is ""; single-quoted values are literal. A bare `KEY` takes its value from `lookup`, if any.
 */
export function expandDotenv(entries: DotenvEntry[], lookup: (name: string) => string | undefined, file: string, problems: Problems): Record<string, string> {
  const values: Record<string, string> = {};
  const find = (name: string) => lookup(name) ?? (Object.hasOwn(values, name) ? values[name] : undefined);
  for (const entry of entries) {
    if (entry.value === undefined) {
      const inherited = lookup(entry.key);
      if (inherited !== undefined) values[entry.key] = inherited;
      continue;
    }
    if (entry.literal) {
      values[entry.key] = entry.value;
      continue;
    }
    const { value, errors } = interpolate(entry.value, find, true);
    for (const error of errors) problems.add({ file, line: entry.line ?? 0, column: 1 }, entry.key, error.message, error.hint);
    values[entry.key] = value;
  }
  return values;
}
