import { isSecretName, MIN_SECRET_LENGTH, urlPasswords } from '../model/secret-names.js';
import type { ServiceSpec } from '../model/stack.js';

/** The secret values among named values: those of secret names, and passwords written into URLs. */
export function secretsOf(entries: Iterable<[string, string]>): string[] {
  const values: string[] = [];
  for (const [name, value] of entries) {
    if (isSecretName(name)) values.push(value);
    values.push(...urlPasswords(value));
  }
  return values;
}

/** Values to mask in free text (log lines, engine messages): secrets from `.env`, service environments and build args. */
export function secretValues(dotenv: Record<string, string>, services: Iterable<ServiceSpec>): string[] {
  const values = new Set(secretsOf(Object.entries(dotenv)));
  for (const service of services) {
    for (const value of secretsOf(Object.entries(service.environment))) values.add(value);
    for (const value of secretsOf(Object.entries(service.build?.args ?? {}))) values.add(value);
  }
  return [...values].filter((value) => value.length >= MIN_SECRET_LENGTH);
}
